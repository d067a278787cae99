using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using NodaTime;

namespace FeatureContracts.Testing;

/// <summary>
/// The transform-version guard: the rows a transform builds for fixture histories, kept as a golden file beside the
/// tests. When the transform's output changes while its version does not, <see cref="Verify"/> fails with a
/// value-by-value diff; when the version changed, it asks for the file to be written anew
/// (<c>FEATURECONTRACTS_UPDATE_GOLDEN=1 dotnet test …</c>), so a changed output always comes with a new version.
/// </summary>
/// <remarks>
/// The file is JSON Lines: a header <c>{"transform_version": …, "fingerprint": …}</c>, then one line per point with the
/// entity id, the prediction time and either the row's values (through the row codec) or the rejection codes.
/// </remarks>
public static class GoldenRows
{
    private const string UpdateVariable = "FEATURECONTRACTS_UPDATE_GOLDEN";

    /// <summary>The golden text of <paramref name="transform"/>'s rows at <paramref name="points"/>.</summary>
    /// <param name="transform">The transform under test.</param>
    /// <param name="histories">The fixture histories.</param>
    /// <param name="points">The entities and prediction instants, in the order the file lists them.</param>
    public static string Render(Transform transform, IHistoryLookup histories, IEnumerable<(string EntityId, Instant At)> points)
    {
        var text = new StringBuilder();
        text.Append(Line(json =>
        {
            json.WriteString("transform_version", transform.Domain.TransformVersion);
            json.WriteString("fingerprint", transform.Contract.Fingerprint);
        }));
        foreach (var (entityId, at) in points)
        {
            RowResult result = transform.BuildRow(histories, entityId, at);
            text.Append(Line(json =>
            {
                json.WriteString("entity_id", entityId);
                json.WriteString("prediction_time", RowCodec.FormatInstant(at));
                if (result.Row is { } row)
                {
                    json.WriteStartObject("values");
                    RowCodec.WriteJsonColumnValues(json, row);
                    json.WriteEndObject();
                }
                else
                {
                    json.WriteStartArray("rejected");
                    foreach (RowRejection rejection in result.Rejections)
                    {
                        json.WriteStringValue(rejection.Feature is null ? RowCodec.FormatCode(rejection.Code) : $"{RowCodec.FormatCode(rejection.Code)}:{rejection.Feature}");
                    }

                    json.WriteEndArray();
                }
            }));
        }

        return text.ToString();
    }

    /// <summary>
    /// Checks the rows against the golden file at <paramref name="path"/>; writes it instead when the environment
    /// variable <c>FEATURECONTRACTS_UPDATE_GOLDEN</c> is <c>1</c>.
    /// </summary>
    /// <param name="transform">The transform under test.</param>
    /// <param name="histories">The fixture histories.</param>
    /// <param name="points">The entities and prediction instants, in the order the file lists them.</param>
    /// <param name="path">The golden file, kept beside the tests.</param>
    /// <exception cref="GoldenRowsException">The rows differ, or the file is missing.</exception>
    public static void Verify(Transform transform, IHistoryLookup histories, IEnumerable<(string EntityId, Instant At)> points, string path)
    {
        string actual = Render(transform, histories, points);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        if (!File.Exists(path))
        {
            throw new GoldenRowsException($"No golden rows at {path}; write them with {UpdateVariable}=1 and commit the file.");
        }

        Compare(File.ReadAllText(path), actual, transform.Domain.TransformVersion);
    }

    /// <summary>Compares golden and actual text; throws with the differences, value by value.</summary>
    /// <param name="golden">The golden file's text.</param>
    /// <param name="actual">The text <see cref="Render"/> gives now.</param>
    /// <param name="transformVersion">The transform's version now.</param>
    /// <exception cref="GoldenRowsException">They differ.</exception>
    public static void Compare(string golden, string actual, string transformVersion)
    {
        if (string.Equals(golden.ReplaceLineEndings("\n"), actual, StringComparison.Ordinal))
        {
            return;
        }

        string[] expected = golden.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] got = actual.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string goldenVersion = JsonDocument.Parse(expected[0]).RootElement.GetProperty("transform_version").GetString()!;
        if (!string.Equals(goldenVersion, transformVersion, StringComparison.Ordinal))
        {
            throw new GoldenRowsException(
                $"The transform version changed from {goldenVersion} to {transformVersion}: write the golden rows anew with {UpdateVariable}=1, review the diff and commit it.");
        }

        var differences = new List<string>();
        if (expected[0] != got[0])
        {
            differences.Add($"header: {expected[0]} → {got[0]}");
        }

        for (int i = 1; i < Math.Max(expected.Length, got.Length); i++)
        {
            if (i >= expected.Length || i >= got.Length)
            {
                differences.Add($"line {i + 1}: {(i < expected.Length ? expected[i] : "(none)")} → {(i < got.Length ? got[i] : "(none)")}");
                continue;
            }

            if (expected[i] != got[i])
            {
                differences.AddRange(Differences(expected[i], got[i]));
            }
        }

        throw new GoldenRowsException(
            $"The rows of transform version {transformVersion} changed while its version did not ({differences.Count} differences); "
            + $"bump the domain's transform version if the change is meant:\n  " + string.Join("\n  ", differences.Take(50)));
    }

    private static IEnumerable<string> Differences(string expectedLine, string actualLine)
    {
        using JsonDocument expected = JsonDocument.Parse(expectedLine);
        using JsonDocument actual = JsonDocument.Parse(actualLine);
        string where = $"{expected.RootElement.GetProperty("entity_id").GetString()} at {expected.RootElement.GetProperty("prediction_time").GetString()}";
        Dictionary<string, string> before = Values(expected.RootElement);
        Dictionary<string, string> after = Values(actual.RootElement);
        foreach (string key in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            string was = before.GetValueOrDefault(key, "(none)");
            string now = after.GetValueOrDefault(key, "(none)");
            if (was != now)
            {
                yield return $"{where}: {key} {was} → {now}";
            }
        }
    }

    private static Dictionary<string, string> Values(JsonElement line)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (line.TryGetProperty("values", out JsonElement row))
        {
            foreach (JsonProperty property in row.EnumerateObject())
            {
                values[property.Name] = property.Value.GetRawText();
            }
        }

        if (line.TryGetProperty("rejected", out JsonElement rejected))
        {
            values["rejected"] = rejected.GetRawText();
        }

        return values;
    }

    private static string Line(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, RowCodec.JsonOptions))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }
}

/// <summary>The golden rows and a transform's rows differ, or there are none.</summary>
public sealed class GoldenRowsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GoldenRowsException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public GoldenRowsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public GoldenRowsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
