using System.Text.Json;

namespace QuotaLedger.Domain.Shared;

/// <summary>
/// How a value of the domain's enums is spelt wherever people or programs read it, the glossary's snake_case
/// (<c>linkage_surplus</c>, <c>transferred_out</c>): in the API, its OpenAPI document and the refusals' messages.
/// </summary>
public static class Spelling
{
    public static string Of<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
