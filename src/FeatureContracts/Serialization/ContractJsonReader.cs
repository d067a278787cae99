using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using FeatureContracts.Contracts;
using FeatureContracts.Monitoring;
using FeatureContracts.Rows;
using FeatureContracts.Sources;
using NodaTime;

namespace FeatureContracts.Serialization;

/// <summary>
/// Reads one contract document: checks what only the file can get wrong (JSON types, required and unknown
/// properties, names of kinds, rules, actions and sources), replays everything else through the fluent builder,
/// and gives each of the builder's problems the JSON path of the declaration it concerns. A builder problem that
/// merely echoes a problem already found in the file (a range the reader could not pass on is "not declared")
/// is left out. Single use.
/// </summary>
/// <typeparam name="TView">The point-in-time view the contract's sources read.</typeparam>
internal sealed class ContractJsonReader<TView>
    where TView : IPointInTimeView
{
    private static readonly string[] ContractProperties = ["name", "version", "description", "features"];
    private static readonly string[] CommonProperties = ["name", "kind", "source", "missing", "max_age", "description", "monitors"];

    private static readonly string[] MonitorProperties =
    [
        FeatureMonitorsBuilder.NullRateProperty,
        FeatureMonitorsBuilder.NullRateActionProperty,
        FeatureMonitorsBuilder.UnseenRateProperty,
        FeatureMonitorsBuilder.OutOfRangeRateProperty,
        FeatureMonitorsBuilder.FreshnessLagProperty,
        FeatureMonitorsBuilder.ParityProperty,
        FeatureMonitorsBuilder.DriftWarnProperty,
        FeatureMonitorsBuilder.DriftFailProperty,
    ];
    private static readonly string[] NumericProperties = [.. CommonProperties, "range"];
    private static readonly string[] CategoricalProperties = [.. CommonProperties, "vocabulary", "unseen"];
    private static readonly string[] AnyKindProperties = [.. CommonProperties, "range", "vocabulary", "unseen"];

    private readonly ValueSourceCatalog<TView> _catalog;
    private readonly List<ContractProblem> _problems = [];
    private readonly List<FeatureEntry> _entries = [];

    public ContractJsonReader(ValueSourceCatalog<TView> catalog) => _catalog = catalog;

    private delegate bool ValueReader<T>(JsonElement value, string path, string? feature, out T result);

    public FeatureContract<TView> Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Report("$", null, ContractProblemCode.WrongJsonType, $"expected the contract as an object, found {TypeOf(root)}");
            throw new ContractDefinitionException("(unnamed)", _problems);
        }

        EnsureDecodableNames(root, "$");
        CheckProperties(root, "$", null, ContractProperties, "a contract");
        string? name = Text(root, "name", "$", null, required: true);
        int? version = Version(root);
        string? description = Text(root, "description", "$", null);

        FeatureContractBuilder<TView> builder = FeatureContract.Define<TView>(name ?? string.Empty, version ?? 0);
        if (description is not null)
        {
            builder.Describe(description);
        }

        if (Child(root, "features", "$", null, JsonValueKind.Array, "an array of features") is { } features)
        {
            int index = 0;
            foreach (JsonElement feature in features.EnumerateArray())
            {
                AddFeature(builder, feature, index++);
            }
        }

        FeatureContract<TView>? contract = null;
        var problems = new List<ContractProblem>(_problems);
        try
        {
            contract = builder.Build();
        }
        catch (ContractDefinitionException ex)
        {
            problems.AddRange(ex.Problems.Select(Locate).Where(p => !EchoesFileProblem(p.Path!)));
        }

        if (problems.Count > 0 || contract is null)
        {
            // Contract-level problems first, then feature by feature in file order; the sort is stable.
            throw new ContractDefinitionException(name ?? "(unnamed)", problems.OrderBy(p => FeatureIndexOf(p.Path!)));
        }

        return contract;
    }

    // ---- features --------------------------------------------------------------------------------------------

    private void AddFeature(FeatureContractBuilder<TView> builder, JsonElement element, int index)
    {
        string path = string.Create(CultureInfo.InvariantCulture, $"$.features[{index}]");
        if (element.ValueKind != JsonValueKind.Object)
        {
            Report(path, null, ContractProblemCode.WrongJsonType, $"expected a feature object, found {TypeOf(element)}");
            return;
        }

        string? name = Text(element, "name", path, null, required: true);
        FeatureKind? kind = Choice<FeatureKind>(element, "kind", path, name, required: true);
        string[] allowed = kind switch
        {
            FeatureKind.Numeric => NumericProperties,
            FeatureKind.Categorical => CategoricalProperties,
            FeatureKind.Boolean => CommonProperties,
            _ => AnyKindProperties,
        };
        CheckProperties(element, path, name, allowed, kind is { } k ? $"a {JsonEnum<FeatureKind>.Name(k)} feature" : "a feature");

        // A feature without a usable name goes to the builder under a unique placeholder (never a valid name), so
        // that its other problems still find their way back to this index.
        var entry = new FeatureEntry(index, name ?? $"(features[{index}])", name);
        switch (kind)
        {
            case FeatureKind.Numeric:
                _entries.Add(entry);
                builder.Numeric(entry.BuilderName, f =>
                {
                    Common(f, element, path, name, FeatureKind.Numeric, ReadNumber, defaultWhereAbsenceDeclared: null);
                    Range(f, element, path, name);
                });
                break;
            case FeatureKind.Categorical:
                _entries.Add(entry);
                builder.Categorical(entry.BuilderName, f =>
                {
                    Common(f, element, path, name, FeatureKind.Categorical, ReadString, defaultWhereAbsenceDeclared: null);
                    Vocabulary(f, element, path, name, entry);
                    Unseen(f, element, path, name);
                });
                break;
            case FeatureKind.Boolean:
                _entries.Add(entry);
                builder.Boolean(entry.BuilderName, f =>
                    Common(f, element, path, name, FeatureKind.Boolean, ReadBoolean, v => f.DefaultWhereSourceDeclaresAbsence(v)));
                break;
            default:
                // Without a kind the feature cannot be declared; its source name can still be checked.
                _ = Source<object>(element, path, name, kind: null);
                break;
        }
    }

    private void Common<TSelf, T>(
        FeatureBuilder<TSelf, TView, T> f,
        JsonElement element,
        string path,
        string? feature,
        FeatureKind kind,
        ValueReader<T> readValue,
        Action<T>? defaultWhereAbsenceDeclared)
        where TSelf : FeatureBuilder<TSelf, TView, T>
    {
        if (Source<T>(element, path, feature, kind) is { } source)
        {
            f.From(source);
        }

        Missing(f, element, path, feature, readValue, defaultWhereAbsenceDeclared);

        if (MaxAge(element, path, feature) is { } maxAge)
        {
            f.MaxAge(maxAge);
        }

        if (Text(element, "description", path, feature) is { } description)
        {
            f.Describe(description);
        }

        Monitors(f, element, path, feature);
    }

    /// <summary>
    /// Reads the feature's monitors, when the file has them (a feature without <c>monitors</c> keeps the defaults), and
    /// declares them through the builder, which checks them as it checks a contract defined in code.
    /// </summary>
    private void Monitors<TSelf, T>(FeatureBuilder<TSelf, TView, T> f, JsonElement element, string path, string? feature)
        where TSelf : FeatureBuilder<TSelf, TView, T>
    {
        if (Child(element, "monitors", path, feature, JsonValueKind.Object, "an object") is not { } monitors)
        {
            return;
        }

        string at = path + ".monitors";
        CheckProperties(monitors, at, feature, MonitorProperties, "monitors");
        double? nullRate = OptionalNumber(monitors, FeatureMonitorsBuilder.NullRateProperty, at, feature);
        MonitorAction? nullRateAction = null;
        if (Text(monitors, FeatureMonitorsBuilder.NullRateActionProperty, at, feature) is { } actionText)
        {
            if (RowCodec.TryParseCode(actionText, out MonitorAction action, out string? error))
            {
                nullRateAction = action;
            }
            else
            {
                Report($"{at}.{FeatureMonitorsBuilder.NullRateActionProperty}", feature, ContractProblemCode.InvalidValue, error!);
            }
        }

        if (nullRate is null && nullRateAction is { } orphan && orphan != MonitorAction.FailClosed)
        {
            Report(
                $"{at}.{FeatureMonitorsBuilder.NullRateActionProperty}",
                feature,
                ContractProblemCode.InvalidValue,
                $"null-rate action '{RowCodec.FormatCode(orphan)}' applies only with a '{FeatureMonitorsBuilder.NullRateProperty}'");
        }

        double? unseenRate = OptionalNumber(monitors, FeatureMonitorsBuilder.UnseenRateProperty, at, feature);
        double? outOfRangeRate = OptionalNumber(monitors, FeatureMonitorsBuilder.OutOfRangeRateProperty, at, feature);
        Duration? freshnessLag = DurationAt(monitors, FeatureMonitorsBuilder.FreshnessLagProperty, at, feature);
        double? parity = OptionalNumber(monitors, FeatureMonitorsBuilder.ParityProperty, at, feature);
        double? driftWarn = OptionalNumber(monitors, FeatureMonitorsBuilder.DriftWarnProperty, at, feature);
        double? driftFail = OptionalNumber(monitors, FeatureMonitorsBuilder.DriftFailProperty, at, feature);
        bool driftGiven = Given(monitors, FeatureMonitorsBuilder.DriftWarnProperty) || Given(monitors, FeatureMonitorsBuilder.DriftFailProperty);
        foreach (string band in new[] { FeatureMonitorsBuilder.DriftWarnProperty, FeatureMonitorsBuilder.DriftFailProperty })
        {
            if (driftGiven && !Given(monitors, band))
            {
                Report($"{at}.{band}", feature, ContractProblemCode.MissingProperty, "drift bands need both 'drift_warn' and 'drift_fail'");
            }
        }

        f.Monitor(m =>
        {
            if (nullRate is { } limit)
            {
                m.NullRateAbove(limit, nullRateAction ?? MonitorAction.FailClosed);
            }

            if (unseenRate is { } unseen)
            {
                m.UnseenRateAbove(unseen);
            }

            if (outOfRangeRate is { } outOfRange)
            {
                m.OutOfRangeRateAbove(outOfRange);
            }

            if (freshnessLag is { } lag)
            {
                m.FreshnessLagAbove(lag);
            }

            if (parity is { } mismatch)
            {
                m.ParityMismatchRateAbove(mismatch);
            }

            if (driftWarn is { } warn && driftFail is { } fail)
            {
                m.DriftBands(warn, fail);
            }
        });
    }

    private static bool Given(JsonElement parent, string name)
        => parent.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>An optional number: <see langword="null"/> when absent, null or unreadable (then with a problem).</summary>
    private double? OptionalNumber(JsonElement parent, string name, string path, string? feature)
        => parent.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null
            && ReadNumber(value, $"{path}.{name}", feature, out double number)
                ? number
                : null;

    private ValueSource<TView, T>? Source<T>(JsonElement element, string path, string? feature, FeatureKind? kind)
    {
        if (Text(element, "source", path, feature) is not { } name)
        {
            return null;
        }

        string at = path + ".source";
        if (!_catalog.TryGet(name, out ValueSource? source))
        {
            string known = string.Join(", ", _catalog.Sources.Select(s => $"'{s.Name}'"));
            Report(at, feature, ContractProblemCode.UnknownSource, $"no value source named '{name}' in the catalog (known: {known})");
            return null;
        }

        if (kind is { } expected && source is not ValueSource<TView, T>)
        {
            Report(
                at,
                feature,
                ContractProblemCode.SourceKindMismatch,
                $"source '{name}' yields {JsonEnum<FeatureKind>.Name(source.Kind)} values, but the feature is {JsonEnum<FeatureKind>.Name(expected)}");
            return null;
        }

        return source as ValueSource<TView, T>;
    }

    private void Missing<TSelf, T>(
        FeatureBuilder<TSelf, TView, T> f,
        JsonElement element,
        string path,
        string? feature,
        ValueReader<T> readValue,
        Action<T>? defaultWhereAbsenceDeclared)
        where TSelf : FeatureBuilder<TSelf, TView, T>
    {
        if (Child(element, "missing", path, feature, JsonValueKind.Object, "an object") is not { } missing)
        {
            return;
        }

        string at = path + ".missing";
        MissingRule? rule = Choice<MissingRule>(missing, "rule", at, feature, required: true);
        switch (rule)
        {
            case MissingRule.RejectRow:
                CheckProperties(missing, at, feature, ["rule"], "rule 'reject_row'");
                f.RejectIfMissing();
                break;
            case MissingRule.Fill:
                CheckProperties(missing, at, feature, ["rule", "value"], "rule 'fill'");
                if (Value(missing, "value", at, feature, readValue, out T fill))
                {
                    f.FillMissingWith(fill);
                }

                break;
            case MissingRule.MissingWithIndicator:
                CheckProperties(missing, at, feature, ["rule", "indicator"], "rule 'missing_with_indicator'");
                f.EmitMissingWithIndicator(Text(missing, "indicator", at, feature));
                break;
            case MissingRule.DefaultWhereSourceDeclaresAbsence when defaultWhereAbsenceDeclared is null:
                Report(
                    at + ".rule",
                    feature,
                    ContractProblemCode.InvalidValue,
                    "rule 'default_where_source_declares_absence' applies to boolean features only");
                break;
            case MissingRule.DefaultWhereSourceDeclaresAbsence:
                CheckProperties(missing, at, feature, ["rule", "value"], "rule 'default_where_source_declares_absence'");
                if (Value(missing, "value", at, feature, readValue, out T declared))
                {
                    defaultWhereAbsenceDeclared(declared);
                }

                break;
            default:
                CheckProperties(missing, at, feature, ["rule", "value", "indicator"], "a missing rule");
                break;
        }
    }

    private Duration? MaxAge(JsonElement element, string path, string? feature) => DurationAt(element, "max_age", path, feature);

    private Duration? DurationAt(JsonElement element, string name, string path, string? feature)
    {
        string at = $"{path}.{name}";
        if (Child(element, name, path, feature, JsonValueKind.String, "a duration string such as \"0:06:00:00\"") is not { } value
            || Decoded(value, at, feature) is not { } text)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Duration>(value, ContractJson.DurationOptions);
        }
        catch (JsonException ex)
        {
            Report(
                at,
                feature,
                ContractProblemCode.InvalidValue,
                $"'{text}' is not a duration in NodaTime's roundtrip pattern -D:hh:mm:ss.FFFFFFFFF, e.g. \"0:06:00:00\" for six hours: {ex.InnerException?.Message ?? ex.Message}");
            return null;
        }
    }

    private void Range(NumericFeatureBuilder<TView> f, JsonElement element, string path, string? feature)
    {
        if (Child(element, "range", path, feature, JsonValueKind.Object, "an object") is not { } range)
        {
            return;
        }

        string at = path + ".range";
        CheckProperties(range, at, feature, ["min", "max", "action"], "a range");
        bool bounds = Value(range, "min", at, feature, ReadNumber, out double min);
        bounds &= Value(range, "max", at, feature, ReadNumber, out double max);
        OutOfRangeAction? action = Choice<OutOfRangeAction>(range, "action", at, feature, required: true);
        if (bounds && action is { } declared)
        {
            _ = declared == OutOfRangeAction.Reject ? f.RejectOutside(min, max) : f.ClampTo(min, max);
        }
    }

    private void Vocabulary(CategoricalFeatureBuilder<TView> f, JsonElement element, string path, string? feature, FeatureEntry entry)
    {
        if (Child(element, "vocabulary", path, feature, JsonValueKind.Array, "an array of strings") is not { } vocabulary)
        {
            return;
        }

        var codes = new List<string>();
        bool usable = true;
        int index = 0;
        foreach (JsonElement code in vocabulary.EnumerateArray())
        {
            string at = string.Create(CultureInfo.InvariantCulture, $"{path}.vocabulary[{index}]");
            if (code.ValueKind != JsonValueKind.String)
            {
                Report(at, feature, ContractProblemCode.WrongJsonType, $"expected a string, found {TypeOf(code)}");
                usable = false;
            }
            else if (Decoded(code, at, feature) is { } text)
            {
                codes.Add(text);
            }
            else
            {
                usable = false;
            }

            index++;
        }

        if (usable)
        {
            entry.BlankVocabularyEntries = codes.Count(string.IsNullOrWhiteSpace);
            f.Vocabulary(codes);
        }
    }

    private void Unseen(CategoricalFeatureBuilder<TView> f, JsonElement element, string path, string? feature)
    {
        if (Child(element, "unseen", path, feature, JsonValueKind.Object, "an object") is not { } unseen)
        {
            return;
        }

        string at = path + ".unseen";
        switch (Choice<UnseenAction>(unseen, "action", at, feature, required: true))
        {
            case UnseenAction.MapToBucket:
                CheckProperties(unseen, at, feature, ["action", "bucket"], "action 'map_to_bucket'");
                if (Text(unseen, "bucket", at, feature, required: true) is { } bucket)
                {
                    f.MapUnseenTo(bucket);
                }

                break;
            case UnseenAction.Reject:
                CheckProperties(unseen, at, feature, ["action"], "action 'reject'");
                f.RejectUnseen();
                break;
            default:
                CheckProperties(unseen, at, feature, ["action", "bucket"], "an unseen policy");
                break;
        }
    }

    // ---- JSON values -----------------------------------------------------------------------------------------

    private int? Version(JsonElement root)
    {
        if (Child(root, "version", "$", null, JsonValueKind.Number, "a whole number", required: true) is not { } value)
        {
            return null;
        }

        if (!value.TryGetInt32(out int version))
        {
            Report("$.version", null, ContractProblemCode.InvalidValue, $"version {value.GetRawText()} is not a whole number in the 32-bit range");
            return null;
        }

        return version;
    }

    private string? Text(JsonElement parent, string name, string path, string? feature, bool required = false)
        => Child(parent, name, path, feature, JsonValueKind.String, "a string", required) is { } value
            ? Decoded(value, $"{path}.{name}", feature)
            : null;

    /// <summary>A string value, or <see langword="null"/> and a problem when its escapes spell invalid UTF-16 (a lone surrogate).</summary>
    private string? Decoded(JsonElement value, string path, string? feature)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException ex)
        {
            Report(path, feature, ContractProblemCode.InvalidValue, $"the string is not valid UTF-16 text: {ex.Message}");
            return null;
        }
    }

    private TEnum? Choice<TEnum>(JsonElement parent, string name, string path, string? feature, bool required)
        where TEnum : struct, Enum
    {
        if (Text(parent, name, path, feature, required) is not { } text)
        {
            return null;
        }

        if (!JsonEnum<TEnum>.TryParse(text, out TEnum value))
        {
            Report($"{path}.{name}", feature, ContractProblemCode.InvalidValue, $"'{text}' is not one of {JsonEnum<TEnum>.Allowed}");
            return null;
        }

        return value;
    }

    /// <summary>A required value read by <paramref name="read"/>; reports it when absent.</summary>
    private bool Value<T>(JsonElement parent, string name, string path, string? feature, ValueReader<T> read, out T result)
    {
        string at = $"{path}.{name}";
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            Report(at, feature, ContractProblemCode.MissingProperty, $"property '{name}' is required here");
            result = default!;
            return false;
        }

        return read(value, at, feature, out result);
    }

    /// <summary>A number, or one of the strings <c>Infinity</c>, <c>-Infinity</c> and <c>NaN</c>.</summary>
    private bool ReadNumber(JsonElement value, string path, string? feature, out double result)
    {
        result = 0;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetDouble(out result) && double.IsFinite(result):
                return true;
            case JsonValueKind.Number:
                Report(path, feature, ContractProblemCode.InvalidValue, $"{value.GetRawText()} is beyond the range of a double");
                return false;
            case JsonValueKind.String:
                string? text = Decoded(value, path, feature);
                switch (text)
                {
                    case "Infinity":
                        result = double.PositiveInfinity;
                        return true;
                    case "-Infinity":
                        result = double.NegativeInfinity;
                        return true;
                    case "NaN":
                        result = double.NaN;
                        return true;
                    case null:
                        return false;
                    default:
                        Report(
                            path,
                            feature,
                            ContractProblemCode.InvalidValue,
                            $"'{text}' is not a number; the only strings allowed for a number are 'Infinity', '-Infinity' and 'NaN'");
                        return false;
                }

            default:
                Report(path, feature, ContractProblemCode.WrongJsonType, $"expected a number, found {TypeOf(value)}");
                return false;
        }
    }

    private bool ReadString(JsonElement value, string path, string? feature, out string result)
    {
        result = string.Empty;
        if (value.ValueKind != JsonValueKind.String)
        {
            Report(path, feature, ContractProblemCode.WrongJsonType, $"expected a string, found {TypeOf(value)}");
            return false;
        }

        if (Decoded(value, path, feature) is not { } text)
        {
            return false;
        }

        result = text;
        return true;
    }

    private bool ReadBoolean(JsonElement value, string path, string? feature, out bool result)
    {
        result = value.ValueKind == JsonValueKind.True;
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Report(path, feature, ContractProblemCode.WrongJsonType, $"expected true or false, found {TypeOf(value)}");
            return false;
        }

        return true;
    }

    /// <summary>
    /// The child <paramref name="name"/> of <paramref name="parent"/> when it has the expected JSON type. An absent
    /// or null child is <see langword="null"/> (and a problem when <paramref name="required"/>); a child of
    /// another type is <see langword="null"/> and a problem.
    /// </summary>
    private JsonElement? Child(
        JsonElement parent, string name, string path, string? feature, JsonValueKind expected, string expectation, bool required = false)
    {
        string at = $"{path}.{name}";
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Report(at, feature, ContractProblemCode.MissingProperty, $"property '{name}' is required");
            }

            return null;
        }

        if (value.ValueKind != expected)
        {
            Report(at, feature, ContractProblemCode.WrongJsonType, $"expected {expectation}, found {TypeOf(value)}");
            return null;
        }

        return value;
    }

    /// <summary>
    /// Refuses the document when a property name's escapes spell invalid UTF-16 (a lone surrogate): no property of
    /// that object could be looked up, so nothing further can be read.
    /// </summary>
    private static void EnsureDecodableNames(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            int index = 0;
            foreach (JsonElement item in element.EnumerateArray())
            {
                EnsureDecodableNames(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]"));
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in element.EnumerateObject())
            {
                string name;
                try
                {
                    name = property.Name;
                }
                catch (InvalidOperationException ex)
                {
                    var problem = new ContractProblem(null, ContractProblemCode.InvalidJson, $"a property name is not valid UTF-16 text: {ex.Message}")
                    {
                        Path = path,
                    };
                    throw new ContractDefinitionException("(unnamed)", [problem]);
                }

                EnsureDecodableNames(property.Value, Member(path, name));
            }
        }
    }

    private void CheckProperties(JsonElement element, string path, string? feature, string[] allowed, string where)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            string name = property.Name;
            string at = Member(path, name);
            if (!seen.Add(name))
            {
                Report(at, feature, ContractProblemCode.InvalidJson, $"property '{name}' appears more than once");
            }
            else if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                Report(
                    at,
                    feature,
                    ContractProblemCode.UnknownProperty,
                    $"unknown property '{name}' in {where}; expected {string.Join(", ", allowed.Select(a => $"'{a}'"))}");
            }
        }
    }

    private static string Member(string path, string name)
        => name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? $"{path}.{name}"
            : $"{path}['{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";

    private static string TypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private void Report(string path, string? feature, ContractProblemCode code, string message)
        => _problems.Add(new ContractProblem(feature, code, message) { Path = path });

    // ---- builder problems --------------------------------------------------------------------------------------

    /// <summary>Gives a builder problem the JSON path of the declaration it concerns.</summary>
    private ContractProblem Locate(ContractProblem problem)
    {
        if (problem.Feature is null)
        {
            return problem with
            {
                Path = problem.Code switch
                {
                    ContractProblemCode.InvalidContractName => "$.name",
                    ContractProblemCode.InvalidVersion => "$.version",
                    ContractProblemCode.NoFeatures => "$.features",
                    _ => "$",
                },
            };
        }

        List<FeatureEntry> declared = _entries.Where(e => string.Equals(e.BuilderName, problem.Feature, StringComparison.Ordinal)).ToList();
        if (declared.Count == 0)
        {
            return problem with { Path = "$.features" };
        }

        FeatureEntry entry = declared[0];
        if (ProblemDeclarations.PropertyOf(problem) is { } declaration)
        {
            return problem with { Feature = entry.Name, Path = $"{entry.Path}.{declaration}" };
        }

        if (problem.Code == ContractProblemCode.DuplicateFeatureName && declared.Count > 1)
        {
            // The name itself is declared twice: point at its second declaration.
            return problem with { Path = declared[1].Path + ".name" };
        }

        string property = problem.Code switch
        {
            ContractProblemCode.InvalidFeatureName => entry.TakeNameProblem() ? ".name" : ".missing.indicator",
            ContractProblemCode.DuplicateFeatureName => ".missing.indicator",
            ContractProblemCode.MissingValueSource or ContractProblemCode.OutcomeFieldAsInput => ".source",
            ContractProblemCode.MissingRuleNotDeclared => ".missing",
            ContractProblemCode.InvalidFillValue or ContractProblemCode.AbsenceNotDeclaredBySource => ".missing.value",
            ContractProblemCode.NonPositiveMaxAge => ".max_age",
            ContractProblemCode.RangeNotDeclared or ContractProblemCode.NaNBound or ContractProblemCode.MinGreaterThanMax => ".range",
            ContractProblemCode.EmptyVocabulary or ContractProblemCode.DuplicateVocabularyEntry => ".vocabulary",
            ContractProblemCode.InvalidCategory => entry.TakeBlankVocabularyProblem() ? ".vocabulary" : ".unseen.bucket",
            ContractProblemCode.UnseenPolicyNotDeclared => ".unseen",
            ContractProblemCode.UnseenBucketInVocabulary => ".unseen.bucket",
            _ => string.Empty,
        };
        return problem with { Feature = entry.Name, Path = entry.Path + property };
    }

    private static int FeatureIndexOf(string path)
    {
        const string Prefix = "$.features[";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return -1;
        }

        int end = path.IndexOf(']', Prefix.Length);
        return int.Parse(path.AsSpan(Prefix.Length, end - Prefix.Length), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Whether a builder problem at <paramref name="path"/> only repeats a problem the reader found at or below
    /// that path (the reader then passed nothing on, and the builder saw the declaration as absent).
    /// </summary>
    private bool EchoesFileProblem(string path)
        => _problems.Any(p => p.Path == path
            || p.Path!.StartsWith(path + ".", StringComparison.Ordinal)
            || p.Path.StartsWith(path + "[", StringComparison.Ordinal));

    /// <summary>A feature handed to the builder, with what is needed to place the builder's problems.</summary>
    private sealed class FeatureEntry(int index, string builderName, string? name)
    {
        private bool _nameProblemTaken;
        private int _blankVocabularyProblemsTaken;

        public string Path { get; } = string.Create(CultureInfo.InvariantCulture, $"$.features[{index}]");

        /// <summary>The name the builder knows the feature by: its own, or a placeholder when the file gives none.</summary>
        public string BuilderName { get; } = builderName;

        /// <summary>The feature's name in the file, if it has one.</summary>
        public string? Name { get; } = name;

        public int BlankVocabularyEntries { get; set; }

        /// <summary>
        /// The builder reports an invalid feature name before an invalid indicator name: the first such problem is
        /// the name's when the name is invalid.
        /// </summary>
        public bool TakeNameProblem()
        {
            if (_nameProblemTaken || FeatureNames.IsValid(BuilderName))
            {
                return false;
            }

            _nameProblemTaken = true;
            return true;
        }

        /// <summary>The builder reports blank vocabulary entries, one each, before a blank unseen bucket.</summary>
        public bool TakeBlankVocabularyProblem()
        {
            if (_blankVocabularyProblemsTaken >= BlankVocabularyEntries)
            {
                return false;
            }

            _blankVocabularyProblemsTaken++;
            return true;
        }
    }
}
