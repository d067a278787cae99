using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using FeatureContracts.Domains;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.TestDomains.Cards;
using NodaTime;
using NodaTime.Testing;

namespace FeatureContracts.Serving.Tests;

public sealed class ServingLogWriterTests
{
    private static OnlineScorer Scorer(double score, Instant? backlogAt = null)
        => new(OnlineScorerTests.O204Store(backlogAt: backlogAt), ShipmentTransform.LateDeliveryV1, RecordingModel.Vectorizer, new RecordingModel(modelId: "fixed@1") { Fixed = score }, new FakeClock(OnlineScorerTests.Nine));

    /// <summary>The scored O-204 line at 09:00, written out by hand.</summary>
    /// <remarks>
    /// Freshness is T minus the occurred_at of each value's event: the order placed 2026-04-30T16:00 gives 17 h
    /// (distance, carrier, expedited), the 01:00 scan 8 h (the 08:50 scan is recorded at 09:10, after T), the 07:30
    /// backlog 1 h 30 min. No policy touched a value, so the notes are empty.
    /// </remarks>
    internal static string O204Line(string score = "0.25") =>
        "{\"order_id\":\"O-204\",\"prediction_time\":\"2026-05-01T09:00:00Z\",\"fingerprint\":\"" + LateDeliveryContract.V1.Fingerprint
        + "\",\"model_id\":\"fixed@1\",\"score\":" + score + ","
        + "\"values\":{\"distance_km\":620,\"hours_since_last_scan\":8,\"origin_backlog\":18,\"carrier\":\"northline\",\"expedited\":false,\"origin_backlog_missing\":0},"
        + "\"notes\":{},"
        + "\"freshness\":{\"distance_km\":\"PT17H\",\"hours_since_last_scan\":\"PT8H\",\"origin_backlog\":\"PT1H30M\",\"carrier\":\"PT17H\",\"expedited\":\"PT17H\"},"
        + "\"observed\":{}}";

    [Fact]
    public void A_scored_row_is_one_json_line_with_order_time_fingerprint_model_score_values_notes_and_freshness_in_that_order()
    {
        using var output = new MemoryStream();
        using (var log = new ServingLogWriter(output))
        {
            log.Write(Scorer(0.25).Score("O-204"));
        }

        Encoding.UTF8.GetString(output.ToArray()).Should().Be(O204Line() + "\n");
    }

    [Fact]
    public void A_value_the_policies_changed_is_written_with_its_raw_text()
    {
        // O-204's placement amended at 16:30 to the carrier zipzap, outside the vocabulary: the row says "other",
        // its notes say unseen_mapped, and the raw code is kept under observed.
        HistoryStore store = OnlineScorerTests.O204Store();
        store.Append(new Shipments.Events.OrderPlaced(
            "O-204", Instant.FromUtc(2026, 4, 30, 16, 30), "zipzap", 620, false, "WH-HAM", new LocalDate(2026, 5, 2), DateTimeZoneProviders.Tzdb["Europe/Berlin"]));
        var scorer = new OnlineScorer(store, ShipmentTransform.LateDeliveryV1, RecordingModel.Vectorizer, new RecordingModel(modelId: "fixed@1"), new FakeClock(OnlineScorerTests.Nine));
        using var output = new MemoryStream();
        using (var log = new ServingLogWriter(output))
        {
            log.Write(scorer.Score("O-204"));
        }

        string line = Encoding.UTF8.GetString(output.ToArray());
        line.Should().Contain("\"carrier\":\"other\"")
            .And.Contain("\"notes\":{\"carrier\":[\"unseen_mapped\"]}")
            .And.EndWith(",\"observed\":{\"carrier\":\"zipzap\"}}\n");
    }

    [Fact]
    public void A_row_the_contract_rejected_is_written_with_a_null_score_its_rejections_and_its_reasons_and_no_values()
    {
        var scorer = new OnlineScorer(
            OnlineScorerTests.O204Store(distanceKm: null), ShipmentTransform.LateDeliveryV1, RecordingModel.Vectorizer, new RecordingModel(modelId: "fixed@1"), new FakeClock(OnlineScorerTests.Nine));
        using var output = new MemoryStream();
        using (var log = new ServingLogWriter(output))
        {
            log.Write(scorer.Score("O-204"));
        }

        Encoding.UTF8.GetString(output.ToArray()).Should().Be(
            "{\"order_id\":\"O-204\",\"prediction_time\":\"2026-05-01T09:00:00Z\",\"fingerprint\":\"" + LateDeliveryContract.V1.Fingerprint
            + "\",\"model_id\":\"fixed@1\",\"score\":null,"
            + "\"rejections\":[{\"feature\":\"distance_km\",\"code\":\"missing_value\",\"attempted_value\":null}],"
            + "\"not_scored\":[{\"code\":\"row_rejected\",\"feature\":\"distance_km\"}]}\n");
    }

    [Fact]
    public void An_accepted_row_that_was_not_scored_keeps_its_values_notes_and_freshness_and_gives_its_reasons()
    {
        // The backlog measured 8 h before T is beyond its 6 h max age: missing (with indicator) and beyond_max_age;
        // failing closed on stale features, the row is not scored for that feature.
        var scorer = new OnlineScorer(
            OnlineScorerTests.O204Store(backlogAt: OnlineScorerTests.Nine - Duration.FromHours(8)),
            ShipmentTransform.LateDeliveryV1,
            RecordingModel.Vectorizer,
            new RecordingModel(modelId: "fixed@1"),
            new FakeClock(OnlineScorerTests.Nine),
            new ScorerOptions { FailClosedOnStaleFeatures = true });
        using var output = new MemoryStream();
        using (var log = new ServingLogWriter(output))
        {
            log.Write(scorer.Score("O-204"));
        }

        Encoding.UTF8.GetString(output.ToArray()).Should().Be(
            "{\"order_id\":\"O-204\",\"prediction_time\":\"2026-05-01T09:00:00Z\",\"fingerprint\":\"" + LateDeliveryContract.V1.Fingerprint
            + "\",\"model_id\":\"fixed@1\",\"score\":null,"
            + "\"values\":{\"distance_km\":620,\"hours_since_last_scan\":8,\"origin_backlog\":null,\"carrier\":\"northline\",\"expedited\":false,\"origin_backlog_missing\":1},"
            + "\"notes\":{\"origin_backlog\":[\"missing\",\"beyond_max_age\"]},"
            + "\"freshness\":{\"distance_km\":\"PT17H\",\"hours_since_last_scan\":\"PT8H\",\"origin_backlog\":\"PT8H\",\"carrier\":\"PT17H\",\"expedited\":\"PT17H\"},"
            + "\"observed\":{},"
            + "\"not_scored\":[{\"code\":\"feature_beyond_max_age\",\"feature\":\"origin_backlog\"}]}\n");
    }

    [Fact]
    public void The_entity_id_is_written_under_the_domain_s_entity_key()
    {
        var store = new HistoryStore(CardDomain.Instance.Schema);
        store.Append(new CardOpened("C-7", OnlineScorerTests.Nine - Duration.FromDays(30)));
        store.Append(new Payment("C-7", 250, OnlineScorerTests.Nine - Duration.FromHours(2)));
        var scorer = new OnlineScorer(store, CardDomain.Transform, CardDomain.Vectorizer, new ThousandsModel(), new FakeClock(OnlineScorerTests.Nine));
        using var output = new MemoryStream();
        using (var log = new ServingLogWriter(output))
        {
            log.Write(scorer.Score("C-7"));
        }

        Encoding.UTF8.GetString(output.ToArray()).Should().Be(
            "{\"card_id\":\"C-7\",\"prediction_time\":\"2026-05-01T09:00:00Z\",\"fingerprint\":\"" + CardDomain.Contract.Fingerprint
            + "\",\"model_id\":\"thousands@1\",\"score\":0.25,\"values\":{\"last_amount\":250},\"notes\":{},\"freshness\":{\"last_amount\":\"PT2H\"},\"observed\":{}}\n");
    }

    [Theory]
    [InlineData("prediction_time")]
    [InlineData("fingerprint")]
    [InlineData("model_id")]
    [InlineData("score")]
    [InlineData("values")]
    [InlineData("notes")]
    [InlineData("freshness")]
    [InlineData("observed")]
    [InlineData("rejections")]
    [InlineData("not_scored")]
    public void An_entity_key_that_is_the_name_of_another_property_of_the_line_is_refused(string key)
    {
        ScoreResult scored = Scorer(0.5).Score("O-204");
        ScoreResult clash = ScoreResult.Scored(key, scored.RowResult, 0.5, scored.ContractFingerprint, scored.ModelId);
        using var output = new MemoryStream();
        using var log = new ServingLogWriter(output);

        Action write = () => log.Write(clash);

        write.Should().Throw<ArgumentException>().WithMessage($"*'{key}'*");
        output.Length.Should().Be(0);
    }

    [Fact]
    public void A_missing_value_is_null_and_its_indicator_is_one()
    {
        using var output = new MemoryStream();
        using (var log = new ServingLogWriter(output))
        {
            log.Write(Scorer(0.5, backlogAt: OnlineScorerTests.Nine - Duration.FromHours(8)).Score("O-204"));
        }

        using JsonDocument line = JsonDocument.Parse(output.ToArray());
        JsonElement values = line.RootElement.GetProperty("values");
        values.GetProperty("origin_backlog").ValueKind.Should().Be(JsonValueKind.Null);
        values.GetProperty("origin_backlog_missing").GetInt32().Should().Be(1);
    }

    [Fact]
    public void The_entity_id_instant_and_values_are_the_texts_of_the_training_exports_json_lines_row()
    {
        Instant at = OnlineScorerTests.Nine + Duration.FromNanoseconds(948_688_928);
        ScoreResult result = Scorer(0.5, backlogAt: OnlineScorerTests.Nine - Duration.FromHours(8)).ScoreAt("O-204", at);
        using var served = new MemoryStream();
        using (var log = new ServingLogWriter(served))
        {
            log.Write(result);
        }

        using var exported = new MemoryStream();
        using (var sink = new JsonLinesRowSink(exported))
        {
            sink.Begin(RowLayout.For(ShipmentTransform.LateDeliveryV1));
            sink.Write(result.Row!, label: false);
            sink.Complete();
        }

        using JsonDocument line = JsonDocument.Parse(served.ToArray());
        using JsonDocument row = JsonDocument.Parse(exported.ToArray());
        JsonElement values = line.RootElement.GetProperty("values");
        values.EnumerateObject().Select(p => p.Name).Should().Equal(row.RootElement.EnumerateObject().Select(p => p.Name).Skip(2).SkipLast(1));
        values.GetProperty("origin_backlog").ValueKind.Should().Be(JsonValueKind.Null);
        foreach (string name in (string[])["order_id", "prediction_time"])
        {
            line.RootElement.GetProperty(name).GetRawText().Should().Be(row.RootElement.GetProperty(name).GetRawText());
        }

        line.RootElement.GetProperty("prediction_time").GetString().Should().Be("2026-05-01T09:00:00.948688928Z");
        foreach (JsonProperty value in values.EnumerateObject())
        {
            value.Value.GetRawText().Should().Be(row.RootElement.GetProperty(value.Name).GetRawText(), value.Name);
        }
    }

    [Fact]
    public void An_entity_not_known_is_written_with_its_rejection_and_reason_and_the_id_as_attempted_value()
    {
        using var output = new MemoryStream();
        using (var log = new ServingLogWriter(output))
        {
            log.Write(Scorer(0.5).ScoreAt("O-404", OnlineScorerTests.Nine));
        }

        using JsonDocument line = JsonDocument.Parse(output.ToArray());
        line.RootElement.GetProperty("score").ValueKind.Should().Be(JsonValueKind.Null);
        line.RootElement.TryGetProperty("values", out _).Should().BeFalse();
        line.RootElement.GetProperty("rejections").GetRawText().Should().Be("[{\"feature\":null,\"code\":\"entity_not_known\",\"attempted_value\":\"O-404\"}]");
        line.RootElement.GetProperty("not_scored").GetRawText().Should().Be("[{\"code\":\"entity_not_known\",\"feature\":null}]");
    }

    [Fact]
    public void Concurrent_writers_each_write_whole_lines_and_the_bytes_are_deterministic()
    {
        OnlineScorer scorer = Scorer(0.125);
        ScoreResult result = scorer.Score("O-204");
        using var output = new MemoryStream();
        using (var log = new ServingLogWriter(output))
        {
            Parallel.For(0, 400, _ => log.Write(result));
        }

        string[] lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n');
        lines[^1].Should().BeEmpty();
        lines[..^1].Should().HaveCount(400).And.OnlyContain(l => l == lines[0]);
    }
}
