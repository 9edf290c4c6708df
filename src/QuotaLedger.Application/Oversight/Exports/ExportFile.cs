using System.Globalization;
using System.Text.Json;
using CsvHelper;
using FluentValidation;
using QuotaLedger.Application.Shared;
using QuotaLedger.Domain.Shared.Regions;

namespace QuotaLedger.Application.Oversight.Exports;

/// <summary>An export as the client downloads it: its bytes, their media type and the file name to save them under.</summary>
public sealed record ExportFile(byte[] Content, string ContentType, string FileName);

/// <summary>
/// How every export is written: CSV through CsvHelper, UTF-8 with a byte order mark (spreadsheet programs read the file
/// as UTF-8 only then, and show the Chinese names), headers in Chinese with the English name beside; or the report's
/// own JSON, as the API answers it.
/// </summary>
public static class ExportFormat
{
    private static readonly JsonSerializerOptions Answered = RegionNames.Add(Shared.Json.ConfigureStored(new JsonSerializerOptions()));

    public const string Csv = "csv";
    public const string Json = "json";

    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string JsonContentType = "application/json";

    public static IRuleBuilderOptions<T, string> KnownFormat<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(f => f is Csv or Json).WithMessage($"The format is {Csv} or {Json}.");

    /// <summary>
    /// The options every export is written with: RFC 4180, numbers and moments in the invariant culture, the byte order
    /// mark, and text that a spreadsheet would run as a formula (a reason or title starting with <c>=</c>, written by any
    /// user) escaped to show as text.
    /// </summary>
    private static CsvWriterOptions CsvOptions<TRow>() =>
        CsvWriterOptions.For<TRow>() with
        {
            WriteByteOrderMark = true, FormatProvider = CultureInfo.InvariantCulture, Injection = CsvInjection.Escape,
        };

    /// <summary>
    /// The file of <paramref name="report"/> in <paramref name="format"/>: its JSON, or its <paramref name="rows"/> as CSV
    /// under the headers their <see cref="CsvColumnAttribute"/>s name. The name is <paramref name="name"/> with the
    /// format's extension.
    /// </summary>
    public static ExportFile Write<TRow>(string format, string name, object report, Func<IEnumerable<TRow>> rows)
    {
        if (format == Json)
            return new ExportFile(JsonSerializer.SerializeToUtf8Bytes(report, Answered), JsonContentType, $"{name}.json");
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, CsvOptions<TRow>(), leaveOpen: true))
            csv.WriteRecords(rows());
        return new ExportFile(buffer.ToArray(), CsvContentType, $"{name}.csv");
    }

    /// <summary>A region's Chinese name, or empty for a code that is none (a buyer's id).</summary>
    public static string NameOf(this RegionCatalog regions, string code) => regions.Find(code)?.Name ?? "";

    /// <summary>A moment in a file name: UTC to the second, without characters a file system refuses.</summary>
    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Moments in the CSV as in the JSON: ISO 8601 with the offset.</summary>
    public const string Moment = "O";

    /// <summary>Days in the CSV as in the JSON: ISO 8601, not the invariant culture's month first.</summary>
    public const string Day = "yyyy-MM-dd";
}
