using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FeatureContracts.Contracts;
using FeatureContracts.Monitoring;
using FeatureContracts.Rows;
using FeatureContracts.Sources;
using NodaTime.Serialization.SystemTextJson;

namespace FeatureContracts.Serialization;

/// <summary>
/// Writes the declarative part of a contract — name, version, descriptions, and every feature's kind, source name,
/// missing rule, range, vocabulary, unseen policy, max age and monitors — as JSON, and reads it back through the contract
/// builder, so that a contract read from a file passes exactly the checks of one defined in code. The code of a
/// value source and the input fields it reads are not in the file: a reader supplies them with a
/// <see cref="ValueSourceCatalog{TView}"/>. The shape is documented in <c>docs/contracts.md</c>.
/// </summary>
public static class ContractJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",

        // The file is read by people and by this reader, never embedded in HTML: escape only what JSON requires.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>Durations as NodaTime's roundtrip pattern <c>-D:hh:mm:ss.FFFFFFFFF</c>, e.g. <c>0:06:00:00</c>.</summary>
    internal static readonly JsonSerializerOptions DurationOptions = new() { Converters = { NodaConverters.RoundtripDurationConverter } };

    /// <summary>
    /// Writes <paramref name="contract"/>'s declaration as indented JSON (two spaces, <c>\n</c> line ends, a final
    /// newline). Properties come in a fixed order and every optional property is written, as <c>null</c> when
    /// unset, so the same contract always gives the same bytes.
    /// </summary>
    /// <param name="contract">The contract to write.</param>
    /// <returns>The JSON text.</returns>
    public static string Write(FeatureContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("name", contract.Name);
            json.WriteNumber("version", contract.Version);
            WriteStringOrNull(json, "description", contract.Description);
            json.WriteStartArray("features");
            foreach (FeatureDefinition feature in contract.Features)
            {
                WriteFeature(json, feature);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    /// <summary>
    /// Reads a contract from JSON text and builds it with the sources of <paramref name="catalog"/>.
    /// </summary>
    /// <typeparam name="TView">The point-in-time view the contract's sources read.</typeparam>
    /// <param name="json">The contract's JSON.</param>
    /// <param name="catalog">The value sources the file may name.</param>
    /// <returns>The built contract.</returns>
    /// <exception cref="ContractDefinitionException">
    /// The file is malformed or the contract it declares is invalid. <see cref="ContractDefinitionException.Problems"/>
    /// lists every problem, each with its <see cref="ContractProblem.Path"/> in the file.
    /// </exception>
    public static FeatureContract<TView> Read<TView>(string json, ValueSourceCatalog<TView> catalog)
        where TView : IPointInTimeView
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(catalog);
        RefuseUnpairedSurrogate(json);
        using JsonDocument document = Parse(() => JsonDocument.Parse(json, DocumentOptions));
        return new ContractJsonReader<TView>(catalog).Read(document.RootElement);
    }

    /// <summary>
    /// Reads a contract from a UTF-8 JSON stream and builds it with the sources of <paramref name="catalog"/>.
    /// </summary>
    /// <typeparam name="TView">The point-in-time view the contract's sources read.</typeparam>
    /// <param name="utf8Json">
    /// The contract's JSON, UTF-8 encoded (one leading byte order mark is skipped); read to its end and not closed.
    /// </param>
    /// <param name="catalog">The value sources the file may name.</param>
    /// <returns>The built contract.</returns>
    /// <exception cref="ContractDefinitionException">
    /// The file is malformed or the contract it declares is invalid. <see cref="ContractDefinitionException.Problems"/>
    /// lists every problem, each with its <see cref="ContractProblem.Path"/> in the file. Bytes that are not UTF-8 are
    /// <see cref="ContractProblemCode.InvalidJson"/> with their line, byte and offset (see <see cref="StrictUtf8"/>): they
    /// are never replaced, so a vocabulary entry cannot silently become another word.
    /// </exception>
    public static FeatureContract<TView> Read<TView>(Stream utf8Json, ValueSourceCatalog<TView> catalog)
        where TView : IPointInTimeView
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        ArgumentNullException.ThrowIfNull(catalog);
        var bytes = new MemoryStream();
        utf8Json.CopyTo(bytes);
        ReadOnlyMemory<byte> json = bytes.GetBuffer().AsMemory(0, (int)bytes.Length);
        if (json.Span.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        // The JSON reader checks the structure of the bytes, not that the text of a string is UTF-8.
        if (StrictUtf8.IndexOfInvalid(json.Span) is var invalid and >= 0)
        {
            var problem = new ContractProblem(null, ContractProblemCode.InvalidJson, "the file is " + StrictUtf8.Describe(json.Span, invalid)) { Path = "$" };
            throw new ContractDefinitionException("(unnamed)", [problem]);
        }

        using JsonDocument document = Parse(() => JsonDocument.Parse(json, DocumentOptions));
        return new ContractJsonReader<TView>(catalog).Read(document.RootElement);
    }

    /// <summary>
    /// Refuses text with an unpaired surrogate: it is no Unicode text, it has no UTF-8 form, and the JSON reader would
    /// throw on it rather than report it.
    /// </summary>
    private static void RefuseUnpairedSurrogate(string json)
    {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < json.Length; i++)
        {
            char c = json[i];
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < json.Length && char.IsLowSurrogate(json[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                var problem = new ContractProblem(
                    null,
                    ContractProblemCode.InvalidJson,
                    string.Create(CultureInfo.InvariantCulture, $"the text is not valid Unicode at line {line}, character {i - lineStart + 1}: U+{(int)c:X4} is half of a surrogate pair without its other half"))
                {
                    Path = "$",
                };
                throw new ContractDefinitionException("(unnamed)", [problem]);
            }
        }
    }

    private static JsonDocument Parse(Func<JsonDocument> parse)
    {
        try
        {
            return parse();
        }
        catch (JsonException ex)
        {
            string reason = ex.Message;
            int cut = reason.IndexOf(" Path: ", StringComparison.Ordinal);
            if (cut < 0)
            {
                cut = reason.IndexOf(" LineNumber: ", StringComparison.Ordinal);
            }

            if (cut >= 0)
            {
                reason = reason[..cut];
            }

            string where = ex.LineNumber is { } line && ex.BytePositionInLine is { } position
                ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, byte {position + 1}")
                : string.Empty;
            var problem = new ContractProblem(null, ContractProblemCode.InvalidJson, $"the file is not well-formed JSON{where}: {reason}")
            {
                Path = string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path,
            };
            throw new ContractDefinitionException("(unnamed)", [problem]);
        }
    }

    private static void WriteFeature(Utf8JsonWriter json, FeatureDefinition feature)
    {
        json.WriteStartObject();
        json.WriteString("name", feature.Name);
        json.WriteString("kind", JsonEnum<FeatureKind>.Name(feature.Kind));
        json.WriteString("source", feature.SourceName);

        json.WriteStartObject("missing");
        json.WriteString("rule", JsonEnum<MissingRule>.Name(feature.Missing.Rule));
        if (feature.Missing.Value is { } value)
        {
            json.WritePropertyName("value");
            WriteValue(json, value);
        }

        if (feature.IndicatorName is { } indicator)
        {
            json.WriteString("indicator", indicator);
        }

        json.WriteEndObject();

        switch (feature)
        {
            case NumericFeatureDefinition numeric:
                json.WriteStartObject("range");
                json.WritePropertyName("min");
                WriteDouble(json, numeric.Range.Min);
                json.WritePropertyName("max");
                WriteDouble(json, numeric.Range.Max);
                json.WriteString("action", JsonEnum<OutOfRangeAction>.Name(numeric.Range.Action));
                json.WriteEndObject();
                break;
            case CategoricalFeatureDefinition categorical:
                json.WriteStartArray("vocabulary");
                foreach (string code in categorical.Vocabulary)
                {
                    json.WriteStringValue(code);
                }

                json.WriteEndArray();
                json.WriteStartObject("unseen");
                json.WriteString("action", JsonEnum<UnseenAction>.Name(categorical.Unseen.Action));
                if (categorical.Unseen.Action == UnseenAction.MapToBucket)
                {
                    json.WriteString("bucket", categorical.Unseen.Bucket);
                }

                json.WriteEndObject();
                break;
        }

        json.WritePropertyName("max_age");
        if (feature.MaxAge is { } maxAge)
        {
            JsonSerializer.Serialize(json, maxAge, DurationOptions);
        }
        else
        {
            json.WriteNullValue();
        }

        WriteStringOrNull(json, "description", feature.Description);
        WriteMonitors(json, feature.Monitors);
        json.WriteEndObject();
    }

    /// <summary>The feature's monitors: every property, in a fixed order, <c>null</c> when unset.</summary>
    private static void WriteMonitors(Utf8JsonWriter json, FeatureMonitors monitors)
    {
        json.WriteStartObject("monitors");
        WriteNumberOrNull(json, FeatureMonitorsBuilder.NullRateProperty, monitors.MaxNullRate);
        json.WriteString(FeatureMonitorsBuilder.NullRateActionProperty, RowCodec.FormatCode(monitors.NullRateAction));
        WriteNumberOrNull(json, FeatureMonitorsBuilder.UnseenRateProperty, monitors.MaxUnseenRate);
        WriteNumberOrNull(json, FeatureMonitorsBuilder.OutOfRangeRateProperty, monitors.MaxOutOfRangeRate);
        json.WritePropertyName(FeatureMonitorsBuilder.FreshnessLagProperty);
        if (monitors.MaxFreshnessLag is { } lag)
        {
            JsonSerializer.Serialize(json, lag, DurationOptions);
        }
        else
        {
            json.WriteNullValue();
        }

        WriteNumberOrNull(json, FeatureMonitorsBuilder.ParityProperty, monitors.MaxParityMismatchRate);
        WriteNumberOrNull(json, FeatureMonitorsBuilder.DriftWarnProperty, monitors.Drift.Warn);
        WriteNumberOrNull(json, FeatureMonitorsBuilder.DriftFailProperty, monitors.Drift.Fail);
        json.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        json.WritePropertyName(name);
        if (value is { } number)
        {
            WriteDouble(json, number);
        }
        else
        {
            json.WriteNullValue();
        }
    }

    private static void WriteValue(Utf8JsonWriter json, FeatureValue value)
    {
        switch (value.Kind)
        {
            case FeatureKind.Numeric:
                WriteDouble(json, value.Number!.Value);
                break;
            case FeatureKind.Categorical:
                json.WriteStringValue(value.Category);
                break;
            default:
                json.WriteBooleanValue(value.Boolean!.Value);
                break;
        }
    }

    /// <summary>A finite number as a JSON number; an infinity or NaN as the string <c>Infinity</c>, <c>-Infinity</c> or <c>NaN</c>.</summary>
    private static void WriteDouble(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
