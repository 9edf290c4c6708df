using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuotaLedger.Application.Shared;

/// <summary>
/// Reads a JSON number into a decimal only when the decimal is exactly the number written. The serializer's own reading
/// rounds without a word (1e-40 becomes 0, 1.00000000000000000000000000001 becomes 1), which would let an amount with
/// too many decimals (R1) or a slope just over 15 degrees (R3) pass as another number.
/// </summary>
public sealed class ExactDecimalConverter : JsonConverter<decimal>
{
    private const int MaxScale = 28;
    private const int MaxDigits = 29;
    private const long ExponentCeiling = 1_000_000_000;
    private static readonly UInt128 MaxMantissa = (UInt128.One << 96) - 1;

    private const string TooManyDecimals = "More decimal places than allowed: the number is refused, not rounded.";
    private const string OutOfRange = "Larger than any number the ledger keeps (about ±7.9e28).";

    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number) throw new JsonException();
        return Parse(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => writer.WriteNumberValue(value);

    /// <summary>The decimal a JSON number stands for (its grammar already checked by the reader), or a refusal.</summary>
    private static decimal Parse(ReadOnlySpan<byte> number)
    {
        var negative = number[0] == (byte)'-';
        var unsigned = negative ? number[1..] : number;
        var e = unsigned.IndexOfAny((byte)'e', (byte)'E');
        var mantissa = e < 0 ? unsigned : unsigned[..e];
        var point = mantissa.IndexOf((byte)'.');
        var fraction = point < 0 ? [] : mantissa[(point + 1)..];
        ReadOnlySpan<byte> digits = point < 0 ? mantissa : [.. mantissa[..point], .. fraction];

        var first = digits.IndexOfAnyExcept((byte)'0');
        if (first < 0) return 0m;
        var last = digits.LastIndexOfAnyExcept((byte)'0');
        var significant = digits[first..(last + 1)];
        // The value is significant × 10^-scale; trailing zeros only scale it.
        var scale = fraction.Length - (e < 0 ? 0 : Exponent(unsigned[(e + 1)..])) - (digits.Length - 1 - last);

        if (scale > MaxScale) throw new ValueRefusedException(TooManyDecimals);
        if (significant.Length - scale > MaxDigits) throw new ValueRefusedException(OutOfRange);
        if (significant.Length > MaxDigits) throw new ValueRefusedException(TooManyDecimals);

        var value = UInt128.Parse(significant);
        for (; scale < 0; scale++) value *= 10;
        if (value > MaxMantissa) throw new ValueRefusedException(scale > 0 ? TooManyDecimals : OutOfRange);
        return new decimal((int)(uint)value, (int)(uint)(value >> 32), (int)(uint)(value >> 64), negative, (byte)scale);
    }

    /// <summary>The exponent, held within a bound far beyond anything a decimal can take, so that no digit count overflows it.</summary>
    private static long Exponent(ReadOnlySpan<byte> text)
    {
        var negative = text[0] == (byte)'-';
        var exponent = 0L;
        foreach (var digit in text[(text[0] is (byte)'-' or (byte)'+' ? 1 : 0)..])
            exponent = Math.Min(exponent * 10 + (digit - '0'), ExponentCeiling);
        return negative ? -exponent : exponent;
    }
}
