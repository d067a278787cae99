using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace FeatureContracts.Serialization;

/// <summary>The snake_case JSON names of an enum's members, e.g. <c>MissingWithIndicator</c> as <c>missing_with_indicator</c>.</summary>
/// <typeparam name="TEnum">The enum.</typeparam>
internal static class JsonEnum<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<string, TEnum> ByName = CreateLookup();

    /// <summary>The accepted names, quoted and comma-separated, for messages.</summary>
    public static string Allowed { get; } = string.Join(", ", Enum.GetValues<TEnum>().Select(v => $"'{Name(v)}'"));

    public static string Name(TEnum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static bool TryParse(string name, out TEnum value) => ByName.TryGetValue(name, out value);

    private static Dictionary<string, TEnum> CreateLookup()
    {
        var lookup = new Dictionary<string, TEnum>(StringComparer.Ordinal);
        foreach (TEnum value in Enum.GetValues<TEnum>())
        {
            lookup.Add(Name(value), value);
        }

        return lookup;
    }
}
