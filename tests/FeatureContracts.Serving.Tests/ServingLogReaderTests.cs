using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.TestDomains.Cards;
using FeatureContracts.Vectors;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.Testing;

namespace FeatureContracts.Serving.Tests;

public sealed class ServingLogReaderTests
{
    private static readonly ServingLogReader Reader = new(ShipmentTransform.LateDeliveryV1);

    /// <summary>The logistic test model, except that it returns NaN for a vector whose first slot is above 1200.</summary>
    private sealed class SometimesNaNModel : IScoringModel
    {
        private readonly RecordingModel _inner = new(modelId: "nan-sometimes@1");

        public string ModelId => _inner.ModelId;

        public string ContractFingerprint => _inner.ContractFingerprint;

        public int InputLength => _inner.InputLength;

        public double Score(ReadOnlySpan<double> vector) => vector[0] > 1200 ? double.NaN : _inner.Score(vector);
    }

    /// <summary>Every result of scoring a generated scenario's points over its whole log.</summary>
    private static List<ScoreResult> ScenarioResults(int seed, bool failClosed)
    {
        var scenario = new ServingScenario(orders: 25, seed: seed);
        var store = new HistoryStore(ShipmentDomain.Instance.Schema);
        store.AppendRange(scenario.Events.OrderBy(e => e.RecordedAt));
        var scorer = new OnlineScorer(
            store, ShipmentTransform.LateDeliveryV1, RecordingModel.Vectorizer, new SometimesNaNModel(), new FakeClock(ServingScenario.Start),
            new ScorerOptions
            {
                FailClosedOnStaleFeatures = failClosed,

                // Every third seed, a small live window over the late-delivery monitors refuses rows while it fails.
                Monitor = new LiveMonitor(ShipmentTransform.LateDeliveryV1.Contract, new LiveMonitorOptions { WindowSize = 40, MinimumRows = 10 }),
                FailClosedWhenMonitorFails = seed % 3 == 0,
            });
        return [.. scenario.Points.Select(p => scorer.ScoreAt(p.OrderId, p.PredictionTime))];
    }

    private static byte[] Written(IEnumerable<ScoreResult> results)
    {
        using var output = new MemoryStream();
        using (var log = new ServingLogWriter(output))
        {
            foreach (ScoreResult result in results)
            {
                log.Write(result);
            }
        }

        return output.ToArray();
    }

    private static List<ServingLogLine> Read(string text) => [.. Reader.ReadLines(new StringReader(text))];

    private static void ShouldBeReadAsWritten(ServingLogEntry entry, ScoreResult result)
    {
        entry.EntityId.Should().Be(result.EntityId);
        entry.PredictionInstant.Should().Be(result.PredictionInstant);
        entry.Fingerprint.Should().Be(result.ContractFingerprint);
        entry.ModelId.Should().Be(result.ModelId);
        entry.Score.HasValue.Should().Be(result.Score.HasValue);
        if (result.Score is { } score)
        {
            BitConverter.DoubleToInt64Bits(entry.Score!.Value).Should().Be(BitConverter.DoubleToInt64Bits(score));
        }

        entry.IsScored.Should().Be(result.IsScored);
        entry.HasRow.Should().Be(result.Row is not null);
        if (result.Row is { } row)
        {
            entry.Values.Should().Equal(row.ColumnValues());
            entry.Notes.Should().Equal(row.Cells.Select(c => c.Notes));
            entry.Freshness.Should().Equal(row.Cells.Select(c => c.FreshnessLag));
            entry.Observed.Should().Equal(row.Cells.Select(c => c.ObservedValue));
        }
        else
        {
            entry.Values.Should().BeEmpty();
            entry.Notes.Should().BeEmpty();
            entry.Freshness.Should().BeEmpty();
        }

        entry.Rejections.Select(r => (r.Feature, r.Code, r.AttemptedValue)).Should().Equal(result.Rejections.Select(r => (r.Feature, r.Code, r.AttemptedValue)));
        entry.Reasons.Select(r => (r.Code, r.Feature)).Should().Equal(result.Reasons.Select(r => (r.Code, r.Feature)));
    }

    [Property(MaxTest = 20)]
    public void Every_result_of_a_generated_scenario_reads_back_with_every_field_as_written(int seed, bool failClosed)
    {
        List<ScoreResult> results = ScenarioResults(seed, failClosed);

        List<ServingLogLine> lines = Read(Encoding.UTF8.GetString(Written(results)));

        lines.Should().HaveCount(results.Count);
        for (int i = 0; i < results.Count; i++)
        {
            lines[i].LineNumber.Should().Be(i + 1);
            lines[i].Error.Should().BeNull();
            ShouldBeReadAsWritten(lines[i].Entry!, results[i]);
        }
    }

    [Fact]
    public void The_generated_scenarios_reach_every_kind_of_line_the_round_trip_must_carry()
    {
        // Keeps the property above honest: its scenarios give scored rows, rows with notes and without freshness,
        // each code of not being scored, and each rejection of a shipment row but the ones no scenario makes.
        List<ScoreResult> results = [.. Enumerable.Range(1, 6).SelectMany(seed => ScenarioResults(seed, failClosed: seed % 2 == 0))];

        results.Should().Contain(r => r.IsScored);
        results.SelectMany(r => r.Reasons).Select(r => r.Code).Distinct().Should().BeEquivalentTo(Enum.GetValues<NotScoredCode>());
        results.SelectMany(r => r.Rejections).Select(r => r.Code).Distinct().Should().Contain(
            [RejectionCode.MissingValue, RejectionCode.EntityNotKnown, RejectionCode.OutcomeAlreadyKnown]);
        results.Where(r => r.Row is not null).SelectMany(r => r.Row!.Cells).Select(c => c.Notes).Should().Contain(
            [CellNotes.Filled, CellNotes.UnseenMapped, CellNotes.Missing | CellNotes.BeyondMaxAge]);
        results.Where(r => r.Row is not null).SelectMany(r => r.Row!.Cells).Should().Contain(c => c.FreshnessLag == null);
    }

    [Fact]
    public void A_line_of_another_domain_reads_with_its_own_entity_key_and_features()
    {
        var store = new HistoryStore(CardDomain.Instance.Schema);
        store.Append(new CardOpened("C-7", OnlineScorerTests.Nine - Duration.FromDays(30)));
        store.Append(new Payment("C-7", 250, OnlineScorerTests.Nine - Duration.FromHours(2)));
        var scorer = new OnlineScorer(store, CardDomain.Transform, CardDomain.Vectorizer, new ThousandsModel(), new FakeClock(OnlineScorerTests.Nine));
        ScoreResult result = scorer.Score("C-7");

        ServingLogLine line = new ServingLogReader(CardDomain.Transform).ReadLines(new StringReader(Encoding.UTF8.GetString(Written([result])))).Single();

        line.Error.Should().BeNull();
        ShouldBeReadAsWritten(line.Entry!, result);
        line.Entry!.Freshness.Should().Equal(Duration.FromHours(2));
    }

    [Theory]
    [InlineData("", "line 1: is empty*")]
    [InlineData("{\"order_id\":", "line 1: is not valid JSON*")]
    [InlineData("[1,2]", "line 1: is a JSON array, not an object")]
    public void A_line_that_is_not_a_json_object_is_an_error_naming_the_line(string text, string expected)
    {
        ServingLogLine line = Read(text + "\n").Single();

        line.Entry.Should().BeNull();
        line.Error.Should().Match(expected);
    }

    /// <summary>Hostile edits of the scored O-204 line: what is replaced, by what, and the error expected.</summary>
    public static TheoryData<string, string, string> HostileEdits => new()
    {
        { "\"order_id\":\"O-204\",", string.Empty, "line 1: property 'order_id': is absent" },
        { "\"order_id\":\"O-204\"", "\"order_id\":\"\"", "line 1: property 'order_id': is empty" },
        { "\"order_id\":\"O-204\"", "\"order_id\":204", "line 1: property 'order_id': the JSON number 204 is not a string" },
        { "\"order_id\":\"O-204\"", "\"card_id\":\"O-204\"", "line 1: property 'card_id': is not a property of a serving log line of domain entity key 'order_id'" },
        { "\"model_id\":\"fixed@1\"", "\"model_id\":\"fixed@1\",\"model_id\":\"other@2\"", "line 1: property 'model_id': appears twice" },
        { "2026-05-01T09:00:00Z", "2026-05-01T09:00:00", "line 1: property 'prediction_time': '2026-05-01T09:00:00' has no Z or offset*" },
        { "2026-05-01T09:00:00Z", "yesterday", "line 1: property 'prediction_time': 'yesterday' is not an ISO-8601 instant*" },
        { "\"score\":0.25", "\"score\":\"0.25\"", "line 1: property 'score': is a JSON string; expected a number*" },
        { "\"score\":0.25", "\"score\":1e999", "line 1: property 'score': '1e999' is not a finite number" },
        { "\"distance_km\":620", "\"distance_km\":\"620\"", "line 1: property 'values.distance_km': the JSON string \"620\" is not a number*" },
        { "\"carrier\":\"northline\"", "\"carrier\":7", "line 1: property 'values.carrier': the JSON number 7 is not a category code*" },
        { "\"expedited\":false", "\"expedited\":\"false\"", "line 1: property 'values.expedited': the JSON string \"false\" is not a boolean*" },
        { "\"origin_backlog_missing\":0", "\"origin_backlog_missing\":2", "line 1: property 'values.origin_backlog_missing': the JSON number 2 is not a missing indicator*" },
        { "\"origin_backlog_missing\":0", "\"origin_backlog_missing\":1", "line 1: property 'values.origin_backlog_missing': is 1 but feature 'origin_backlog' is present" },
        { ",\"origin_backlog_missing\":0", string.Empty, "line 1: property 'values.origin_backlog_missing': is absent" },
        { "\"expedited\":false", "\"expedited\":false,\"speed\":3", "line 1: property 'values.speed': is not a column of contract 'late_delivery' v1" },
        { "\"notes\":{}", "\"notes\":{\"origin_backlog\":[\"stale\"]}", "line 1: property 'notes.origin_backlog': 'stale' is not a flag; expected missing, filled,*" },
        { "\"notes\":{}", "\"notes\":{\"speed\":[\"missing\"]}", "line 1: property 'notes.speed': is not a feature of contract 'late_delivery' v1" },
        { "\"notes\":{}", "\"notes\":{\"carrier\":[]}", "line 1: property 'notes.carrier': is empty; a feature without notes is not written" },
        { "\"notes\":{},", string.Empty, "line 1: property 'notes': is absent" },
        { "\"origin_backlog\":\"PT1H30M\"", "\"origin_backlog\":\"PT90M\"", "line 1: property 'freshness.origin_backlog': 'PT90M' is not written in the one form of durations; write PT1H30M" },
        { "\"origin_backlog\":\"PT1H30M\"", "\"origin_backlog\":5400", "line 1: property 'freshness.origin_backlog': the JSON number 5400 is not a duration*" },
        { "\"score\":0.25", "\"score\":null", "line 1: property 'not_scored': is absent or empty, but the score is null*" },
        {
            "}}", "},\"not_scored\":[{\"code\":\"row_refused\",\"feature\":null}]}",
            "line 1: property 'not_scored[0].code': 'row_refused' is not a known code; expected row_rejected, entity_not_known,*"
        },
        {
            "}}", "},\"rejections\":[{\"feature\":\"distance_km\",\"code\":\"missing_value\",\"attempted_value\":null}]}",
            "line 1: property 'rejections': a row the contract rejected has no values, but the line has both"
        },
        {
            "}}", "},\"rejections\":[{\"feature\":\"speed\",\"code\":\"missing_value\",\"attempted_value\":null}]}",
            "line 1: property 'rejections[0].feature': 'speed' is neither a feature of contract 'late_delivery' v1 nor the label 'delivered_after_promise'"
        },
        {
            "}}", "},\"rejections\":[{\"feature\":null,\"code\":\"entity_not_known\"}]}",
            "line 1: property 'rejections[0].attempted_value': is absent"
        },
    };

    [Theory]
    [MemberData(nameof(HostileEdits))]
    public void A_hostile_line_is_an_error_naming_the_line_the_property_and_the_reason(string find, string replace, string expected)
    {
        string valid = ServingLogWriterTests.O204Line();
        valid.Should().Contain(find, "the edit must change the line");
        string hostile = ReplaceFirst(valid, find, replace);

        ServingLogLine line = Read(hostile + "\n").Single();

        line.Entry.Should().BeNull();
        line.Error.Should().Match(expected);
    }

    [Fact]
    public void A_line_of_another_contract_is_an_error_naming_both_fingerprints()
    {
        string fingerprint = LateDeliveryContract.V1.Fingerprint;
        string other = new string('0', fingerprint.Length);

        ServingLogLine line = Read(ServingLogWriterTests.O204Line().Replace(fingerprint, other, StringComparison.Ordinal)).Single();

        line.Error.Should().Be(
            $"line 1: property 'fingerprint': '{other}' is not the fingerprint of contract 'late_delivery' v1 ({fingerprint}); the line was written for another contract");
    }

    [Fact]
    public void The_valid_line_the_hostile_edits_start_from_reads()
    {
        ServingLogLine line = Read(ServingLogWriterTests.O204Line()).Single();

        line.Error.Should().BeNull();
        line.Entry!.Score.Should().Be(0.25);
        line.Entry.Freshness.Should().Equal(
            Duration.FromHours(17), Duration.FromHours(8), Duration.FromMinutes(90), Duration.FromHours(17), Duration.FromHours(17));
    }

    [Fact]
    public void Every_line_of_a_file_is_an_entry_or_an_error_and_the_totals_reconcile()
    {
        List<ScoreResult> results = ScenarioResults(seed: 3, failClosed: true);
        string[] written = Encoding.UTF8.GetString(Written(results)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var lines = new List<string>(written);
        int[] hostileAt = [0, 7, 20, lines.Count + 3];
        foreach (int at in hostileAt)
        {
            lines.Insert(at, at % 2 == 0 ? "{\"order_id\":" : string.Empty);
        }

        string path = Path.Combine(Path.GetTempPath(), $"serving-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
        try
        {
            List<ServingLogLine> read = [.. Reader.ReadFile(path)];

            read.Should().HaveCount(lines.Count);
            read.Count(l => l.Entry is not null).Should().Be(results.Count);
            read.Where(l => l.Error is not null).Select(l => l.LineNumber).Should().Equal(hostileAt.Select(at => (long)at + 1));
            read.Should().OnlyContain(l => (l.Entry == null) != (l.Error == null));
            read.Where(l => l.Error is not null).Should().OnlyContain(l => l.Error!.StartsWith($"line {l.LineNumber}: ", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        int at = text.IndexOf(find, StringComparison.Ordinal);
        return text[..at] + replace + text[(at + find.Length)..];
    }
}
