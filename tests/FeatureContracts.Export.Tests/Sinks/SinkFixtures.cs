using System;
using System.Collections.Generic;
using System.IO;
using FeatureContracts.Contracts;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using FeatureContracts.Sources;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.Export.Tests.Sinks;

/// <summary>A view whose raw observations a test sets directly, for contracts built in tests.</summary>
public sealed class QuotingView(Instant predictionInstant, string entityId) : IPointInTimeView
{
    public Instant PredictionInstant { get; } = predictionInstant;

    public string EntityId { get; } = entityId;

    public string? Code { get; init; }

    public double? Amount { get; init; }

    public bool? Flag { get; init; }
}

/// <summary>Rows of the reference contract and of a toy contract whose vocabulary needs CSV quoting.</summary>
internal static class SinkFixtures
{
    public static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    /// <summary>The toy vocabulary: codes with a comma, with quotes, with a line break, and non-ASCII.</summary>
    public static readonly string[] ToyVocabulary = ["a,b", "say \"hi\"", "two\r\nlines", "café", "plain"];

    public static readonly FeatureContract<QuotingView> Toy = FeatureContract.Define<QuotingView>("quoting_toy", version: 1)
        .Categorical("code", f => f
            .From(ValueSource.Categorical<QuotingView>("toy_code", [InputField.Predictor("toy_event", "code")], v => v.Code is { } c ? Observation<string>.Present(c) : Observation<string>.Missing()))
            .Vocabulary(ToyVocabulary)
            .MapUnseenTo("other")
            .EmitMissingWithIndicator())
        .Numeric("amount", f => f
            .From(ValueSource.Numeric<QuotingView>("toy_amount", [InputField.Predictor("toy_event", "amount")], v => v.Amount is { } a ? Observation<double>.Present(a) : Observation<double>.Missing()))
            .RejectOutside(double.MinValue, double.MaxValue)
            .EmitMissingWithIndicator())
        .Boolean("flag", f => f
            .From(ValueSource.Boolean<QuotingView>("toy_flag", [InputField.Predictor("toy_event", "flag")], v => v.Flag is { } b ? Observation<bool>.Present(b) : Observation<bool>.Missing()))
            .EmitMissingWithIndicator())
        .Build();

    /// <summary>The training layout of <paramref name="contract"/>'s rows, with the shipments' entity column.</summary>
    public static RowLayout Layout(FeatureContract contract) => RowLayout.For(contract, ShipmentDomain.OrderKey);

    public static Instant At(string iso) => InstantPattern.ExtendedIso.Parse(iso).GetValueOrThrow();

    public static FeatureRow ToyRow(string entityId, string? code, double? amount, bool? flag, string at = "2026-05-01T09:00:00Z")
        => Toy.BuildRow(new QuotingView(At(at), entityId) { Code = code, Amount = amount, Flag = flag }, "toy-1").GetRowOrThrow();

    /// <summary>
    /// Three late-delivery rows with their labels:
    /// O-204, the worked case of the brief (620 km, 8 h since the last scan, backlog 18, northline, not expedited), late;
    /// O-300, no scan yet (hours filled with 168), no backlog measurement (origin_backlog missing), an unseen carrier
    /// (mapped to other), expedited, on time;
    /// O-301, a fractional prediction time, 2 h 20 min since the last scan, backlog 42.5, expedited absent (declared
    /// false), late.
    /// </summary>
    public static IReadOnlyList<(FeatureRow Row, bool Label)> LateDeliveryRows()
    {
        var promised = new LocalDate(2026, 5, 5);
        var backlog = BacklogTimeline.Of(
        [
            new BacklogMeasured("WH-HAM", 18, At("2026-05-01T07:30:00Z")),
            new BacklogMeasured("WH-LYS", 42.5, At("2026-05-03T05:00:00Z")),
        ]);

        FeatureRow o204 = Build(
            ShipmentHistory.Of("O-204", [
                new OrderPlaced("O-204", At("2026-04-30T16:00:00Z"), "northline", 620, false, "WH-HAM", promised, Berlin),
                new Scan("O-204", At("2026-05-01T01:00:00Z")),
            ]),
            backlog,
            "2026-05-01T09:00:00Z");
        FeatureRow o300 = Build(
            ShipmentHistory.Of("O-300", [
                new OrderPlaced("O-300", At("2026-05-02T08:00:00Z"), "acmecargo", 1234.5, true, "WH-MUC", promised, Berlin),
            ]),
            backlog,
            "2026-05-02T12:00:00Z");
        FeatureRow o301 = Build(
            ShipmentHistory.Of("O-301", [
                new OrderPlaced("O-301", At("2026-05-02T10:00:00Z"), "swiftpost", 12.25, null, "WH-LYS", promised, Berlin),
                new Scan("O-301", At("2026-05-03T06:40:00.5Z")),
            ]),
            backlog,
            "2026-05-03T09:00:00.5Z");
        return [(o204, true), (o300, false), (o301, true)];
    }

    public static byte[] WriteAll(IRowSink sink, FeatureContract contract, IEnumerable<(FeatureRow Row, bool Label)> rows, MemoryStream output)
    {
        using (sink)
        {
            sink.Begin(Layout(contract));
            foreach (var (row, label) in rows)
            {
                sink.Write(row, label);
            }

            sink.Complete();
        }

        return output.ToArray();
    }

    public static byte[] Csv(FeatureContract contract, IEnumerable<(FeatureRow Row, bool Label)> rows)
    {
        var output = new MemoryStream();
        return WriteAll(new CsvRowSink(output), contract, rows, output);
    }

    public static byte[] JsonLines(FeatureContract contract, IEnumerable<(FeatureRow Row, bool Label)> rows)
    {
        var output = new MemoryStream();
        return WriteAll(new JsonLinesRowSink(output), contract, rows, output);
    }

    /// <summary>A committed golden file, found by walking up from the test binaries to the test project.</summary>
    public static byte[] Golden(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "Sinks", "Golden", name);
            if (File.Exists(candidate))
            {
                return File.ReadAllBytes(candidate);
            }
        }

        throw new FileNotFoundException($"Golden file Sinks/Golden/{name} not found above {AppContext.BaseDirectory}.");
    }

    private static FeatureRow Build(ShipmentHistory history, BacklogTimeline backlog, string at)
        => ShipmentTransform.LateDeliveryV1.BuildRow(history, backlog, At(at)).GetRowOrThrow();
}
