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

    [Fact]
    public void A_scored_row_is_one_json_line_with_order_time_fingerprint_model_score_and_values_in_schema_order()
    {
        using var output = new MemoryStream();
        using (var log = new ServingLogWriter(output))
        {
            log.Write(Scorer(0.25).Score("O-204"));
        }

        string fingerprint = LateDeliveryContract.V1.Fingerprint;
        Encoding.UTF8.GetString(output.ToArray()).Should().Be(
            "{\"order_id\":\"O-204\",\"prediction_time\":\"2026-05-01T09:00:00Z\",\"fingerprint\":\"" + fingerprint + "\",\"model_id\":\"fixed@1\",\"score\":0.25,"
            + "\"values\":{\"distance_km\":620,\"hours_since_last_scan\":8,\"origin_backlog\":18,\"carrier\":\"northline\",\"expedited\":false,\"origin_backlog_missing\":0}}\n");
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
            + "\",\"model_id\":\"thousands@1\",\"score\":0.25,\"values\":{\"last_amount\":250}}\n");
    }

    [Fact]
    public void An_entity_key_that_is_the_name_of_another_property_of_the_line_is_refused()
    {
        ScoreResult scored = Scorer(0.5).Score("O-204");
        ScoreResult clash = ScoreResult.Scored("score", scored.RowResult, 0.5, scored.ContractFingerprint, scored.ModelId);
        using var output = new MemoryStream();
        using var log = new ServingLogWriter(output);

        Action write = () => log.Write(clash);

        write.Should().Throw<ArgumentException>().WithMessage("*'score'*");
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
    public void A_result_that_was_not_scored_is_refused()
    {
        using var log = new ServingLogWriter(new MemoryStream());
        ScoreResult notScored = Scorer(0.5).ScoreAt("O-404", OnlineScorerTests.Nine);

        Action write = () => log.Write(notScored);

        write.Should().Throw<ArgumentException>().WithMessage("*not scored*");
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
