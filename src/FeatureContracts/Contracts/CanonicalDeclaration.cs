using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text.Json;
using FeatureContracts.Sources;
using NodaTime.Text;

namespace FeatureContracts.Contracts;

/// <summary>
/// The canonical form of a contract's declaration and its fingerprint. The canonical form holds everything
/// that decides a row's values and layout — feature names and order, kinds, sources and their inputs, missing
/// rules, ranges, vocabularies, unseen policies and max ages — and nothing else: the contract's name, version
/// and descriptions are labels, so changing them leaves the fingerprint as it is.
/// </summary>
internal static class CanonicalDeclaration
{
    public static string Write(IReadOnlyList<FeatureDefinition> features)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartObject();
            json.WriteNumber("canonical_form", 1);
            json.WriteStartArray("features");
            foreach (FeatureDefinition feature in features)
            {
                WriteFeature(json, feature);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string Fingerprint(string canonical)
        => System.Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));

    private static void WriteFeature(Utf8JsonWriter json, FeatureDefinition feature)
    {
        json.WriteStartObject();
        json.WriteString("name", feature.Name);
        json.WriteString("kind", feature.Kind.ToString());
        json.WriteString("source", feature.SourceName);
        json.WriteStartArray("inputs");
        foreach (InputField input in feature.Inputs)
        {
            json.WriteStringValue(input.AbsenceMeans is { } meaning ? $"{input.QualifiedName}(absent={meaning})" : input.QualifiedName);
        }

        json.WriteEndArray();
        json.WriteStartObject("missing");
        json.WriteString("rule", feature.Missing.Rule.ToString());
        if (feature.Missing.Value is { } value)
        {
            json.WriteString("value", value.ToString());
        }

        if (feature.IndicatorName is { } indicator)
        {
            json.WriteString("indicator", indicator);
        }

        json.WriteEndObject();
        if (feature.MaxAge is { } maxAge)
        {
            json.WriteString("max_age", DurationPattern.Roundtrip.Format(maxAge));
        }

        switch (feature)
        {
            case NumericFeatureDefinition numeric:
                json.WriteString("range", numeric.Range.ToString());
                break;
            case CategoricalFeatureDefinition categorical:
                json.WriteStartArray("vocabulary");
                foreach (string code in categorical.Vocabulary)
                {
                    json.WriteStringValue(code);
                }

                json.WriteEndArray();
                json.WriteString("unseen", categorical.Unseen.Action.ToString());
                if (categorical.Unseen.Bucket is { } bucket)
                {
                    json.WriteString("unseen_bucket", bucket);
                }

                break;
        }

        json.WriteEndObject();
    }
}
