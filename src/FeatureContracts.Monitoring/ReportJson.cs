using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FeatureContracts.Rows;
using NodaTime;

namespace FeatureContracts.Monitoring;

/// <summary>
/// Writes a <see cref="MonitoringReport"/> as indented JSON: snake_case properties in a fixed order, codes in
/// snake_case, instants and durations in the row codec's ISO-8601 forms, numbers in shortest round-trip form, every
/// optional property written (as <c>null</c> when unset). Deterministic: the same report gives the same bytes. The
/// shape is documented in <c>docs/monitoring.md</c>.
/// </summary>
public static class ReportJson
{
    /// <summary>The report format's version, written as <c>format_version</c>.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The report as JSON text with a final newline.</summary>
    /// <param name="report">The report.</param>
    public static string Write(MonitoringReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteNumber("format_version", FormatVersion);
            json.WriteString("verdict", RowCodec.FormatCode(report.Overall));
            json.WriteStartArray("actions");
            foreach (MonitorAction action in ReportText.Actions(report))
            {
                json.WriteStringValue(RowCodec.FormatCode(action));
            }

            json.WriteEndArray();
            json.WriteStartObject("contract");
            json.WriteString("name", report.Contract.Name);
            json.WriteNumber("version", report.Contract.Version);
            json.WriteString("fingerprint", report.Contract.Fingerprint);
            json.WriteEndObject();
            json.WriteString("transform_version", report.TransformVersion);
            json.WriteString("baseline_snapshot", report.BaselineSnapshot);
            WriteServingLog(json, report.ServingLog);
            WriteRequests(json, report);
            WriteParity(json, report.Parity);
            json.WriteStartArray("features");
            foreach (FeatureReport feature in report.Features)
            {
                WriteFeature(json, feature);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static void WriteServingLog(Utf8JsonWriter json, ServingLogSummary log)
    {
        json.WriteStartObject("serving_log");
        json.WriteNumber("lines", log.Lines);
        json.WriteNumber("entries", log.Entries);
        json.WriteNumber("scored", log.Scored);
        json.WriteNumber("unusable", log.Unusable);
        json.WriteStartArray("unusable_examples");
        foreach (string error in log.UnusableExamples)
        {
            json.WriteStringValue(error);
        }

        json.WriteEndArray();
        WriteInstant(json, "from", log.From);
        WriteInstant(json, "to", log.To);
        json.WriteEndObject();
    }

    private static void WriteRequests(Utf8JsonWriter json, MonitoringReport report)
    {
        MonitorMeasures measures = report.Measures;
        json.WriteStartObject("requests");
        json.WriteNumber("count", measures.Requests);
        json.WriteNumber("reached_contract", measures.Reached);
        json.WriteNumber("accepted", measures.Accepted);
        json.WriteStartObject("rejections");
        foreach (var (code, count) in measures.RejectionsByCode)
        {
            json.WriteStartObject(code);
            json.WriteNumber("count", count);
            WriteNumber(json, "rate", measures.RejectionRate(code));
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("baseline_points");
        json.WriteNumber("read", report.BaselinePoints.Read);
        json.WriteNumber("exported", report.BaselinePoints.Exported);
        json.WriteNumber("immature", report.BaselinePoints.Immature);
        json.WriteStartObject("rejected");
        foreach (var (reason, count) in report.BaselinePoints.Rejected)
        {
            json.WriteNumber(reason, count);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteParity(Utf8JsonWriter json, ParitySummary? parity)
    {
        if (parity is null)
        {
            json.WriteNull("parity");
            return;
        }

        json.WriteStartObject("parity");
        json.WriteNumber("eligible", parity.Eligible);
        json.WriteNumber("sampled", parity.Sampled);
        json.WriteNumber("recomputed_rejected", parity.RecomputedRejected);
        json.WriteEndObject();
    }

    private static void WriteFeature(Utf8JsonWriter json, FeatureReport feature)
    {
        json.WriteStartObject();
        json.WriteString("name", feature.Feature);
        json.WriteString("kind", RowCodec.FormatCode(feature.Kind));
        json.WriteString("verdict", RowCodec.FormatCode(feature.Verdict.Verdict));

        json.WriteStartObject("training");
        json.WriteNumber("rows", feature.Training.Rows);
        WriteNumber(json, "no_value_rate", feature.Training.NoValueRate);
        WriteNumber(json, "unseen_rate", feature.Training.UnseenRate);
        WriteNumber(json, "out_of_range_rate", feature.Training.OutOfRangeRate);
        json.WriteEndObject();

        FeatureMeasures serving = feature.Serving;
        json.WriteStartObject("serving");
        json.WriteNumber("rows", serving.Rows);
        json.WriteNumber("no_value", serving.NoValue);
        WriteNumber(json, "null_rate", serving.NullRate);
        json.WriteNumber("unseen", serving.Unseen);
        WriteNumber(json, "unseen_rate", serving.UnseenRate);
        json.WriteNumber("out_of_range", serving.OutOfRange);
        WriteNumber(json, "out_of_range_rate", serving.OutOfRangeRate);
        json.WriteStartArray("unseen_codes");
        foreach (var code in feature.UnseenCodes)
        {
            json.WriteStartObject();
            json.WriteString("code", code.Code);
            json.WriteNumber("count", code.Count);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (serving.Freshness is { } freshness)
        {
            json.WriteStartObject("freshness");
            json.WriteNumber("count", freshness.Count);
            json.WriteString("p50", RowCodec.FormatDuration(freshness.P50));
            json.WriteString("p95", RowCodec.FormatDuration(freshness.P95));
            json.WriteString("max", RowCodec.FormatDuration(freshness.Max));
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("freshness");
        }

        json.WriteEndObject();

        DriftResult drift = feature.Drift;
        json.WriteStartObject("drift");
        json.WriteString("method", RowCodec.FormatCode(drift.Method));
        WriteNumber(json, "value", drift.Value);
        json.WriteNumber("expected_count", drift.ExpectedCount);
        json.WriteNumber("actual_count", drift.ActualCount);
        json.WriteStartArray("bins");
        foreach (DriftBin bin in drift.Bins)
        {
            json.WriteStartObject();
            json.WriteString("label", bin.Label);
            json.WriteNumber("expected", bin.Expected);
            json.WriteNumber("actual", bin.Actual);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();

        if (feature.Parity is { } parity)
        {
            json.WriteStartObject("parity");
            json.WriteNumber("compared", parity.Compared);
            json.WriteNumber("mismatched", parity.Mismatched);
            WriteNumber(json, "mismatch_rate", parity.MismatchRate);
            json.WriteStartArray("examples");
            foreach (ParityExample example in parity.Examples)
            {
                json.WriteStartObject();
                json.WriteString("entity_id", example.EntityId);
                json.WriteString("prediction_time", RowCodec.FormatInstant(example.PredictionInstant));
                json.WriteString("served", example.Served);
                json.WriteString("recomputed", example.Recomputed);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("parity");
        }

        json.WriteStartArray("checks");
        foreach (CheckResult check in feature.Verdict.Checks)
        {
            json.WriteStartObject();
            json.WriteString("check", RowCodec.FormatCode(check.Check));
            json.WriteString("verdict", RowCodec.FormatCode(check.Verdict));
            WriteNumber(json, "measured", check.Measured);
            WriteNumber(json, "limit", check.Limit);
            json.WriteString("action", RowCodec.FormatCode(check.Action));
            json.WriteString("message", check.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } x && double.IsFinite(x))
        {
            json.WriteNumber(name, x);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteInstant(Utf8JsonWriter json, string name, Instant? value)
    {
        if (value is { } instant)
        {
            json.WriteString(name, RowCodec.FormatInstant(instant));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
