using BenchmarkDotNet.Attributes;
using FeatureContracts.Domains;
using FeatureContracts.Models;
using FeatureContracts.Rows;
using FeatureContracts.Serving;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Time;
using FeatureContracts.Vectors;
using NodaTime;

namespace FeatureContracts.Benchmarks;

/// <summary>
/// The online hot path: one order scored at an instant. The baseline builds the same row with the transform over the
/// store; the other rows add vectorizing and the model, for a short and a long order history, against a warehouse
/// timeline of 100,000 measurements.
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 1, 0, 0);
    private HistoryStore _store = null!;
    private OnlineScorer _scorer = null!;
    private Instant _t;

    [GlobalSetup]
    public void Setup()
    {
        var berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        _store = new HistoryStore(ShipmentDomain.Instance.Schema);
        for (int i = 0; i < 100_000; i++)
        {
            Instant at = Start + Duration.FromMinutes(i);
            _store.Append(new BacklogMeasured("WH-1", i % 50, at, at, $"b{i}"));
        }

        _t = Start + Duration.FromMinutes(99_000);
        var shortEvents = new List<OrderEvent> { new OrderPlaced("O-short", _t - Duration.FromDays(1), "northline", 620, false, "WH-1", new LocalDate(2026, 12, 31), berlin, eventId: "s-p") };
        for (int s = 0; s < 5; s++)
        {
            shortEvents.Add(new Scan("O-short", _t - Duration.FromHours(20 - s), eventId: $"s-{s}"));
        }

        _store.AppendRange(shortEvents);
        _store.Append(new OrderPlaced("O-long", _t - Duration.FromDays(60), "swiftpost", 900, null, "WH-1", new LocalDate(2026, 12, 31), berlin, eventId: "l-p"));
        for (int s = 0; s < 2_000; s++)
        {
            _store.Append(new Scan("O-long", _t - Duration.FromDays(60) + Duration.FromMinutes(30 * s), eventId: $"l-{s}"));
        }

        FeatureVectorizer vectorizer = LateDeliveryContract.Vectorizer();
        var slots = vectorizer.Slots.Select(s => new ModelSlot(s.Name, 0, 1, 0.01));
        var model = new LogisticRegressionModel(
            new ModelContract(LateDeliveryContract.Name, 1, LateDeliveryContract.V1.Fingerprint), slots, -1, new TrainingMetadata(1, 0, 1, 0.1, 0, 0.7, null, null));
        _scorer = new OnlineScorer(_store, ShipmentTransform.LateDeliveryV1, vectorizer, model, NodaTime.Testing.FakeClock.FromUtc(2026, 3, 10, 0, 0, 0));
    }

    [Benchmark(Baseline = true, Description = "transform only, 6-event order")]
    public RowResult TransformOnly() => ShipmentTransform.LateDeliveryV1.BuildRow(_store, "O-short", _t);

    [Benchmark(Description = "score, 6-event order")]
    public double? ScoreShortOrder() => _scorer.ScoreAt("O-short", _t).Score;

    [Benchmark(Description = "score, 2,001-event order")]
    public double? ScoreLongOrder() => _scorer.ScoreAt("O-long", _t).Score;
}

/// <summary>As-of lookup over one warehouse's 100,000 measurements: the reference scan against the index.</summary>
[MemoryDiagnoser]
public class AsOfBenchmarks
{
    private List<BacklogMeasured> _facts = null!;
    private AsOfIndex<BacklogMeasured> _index = null!;
    private Instant _t;

    [GlobalSetup]
    public void Setup()
    {
        Instant start = Instant.FromUtc(2026, 1, 1, 0, 0);
        _facts = [.. Enumerable.Range(0, 100_000).Select(i => new BacklogMeasured("WH-1", i % 50, start + Duration.FromMinutes(i), start + Duration.FromMinutes(i + (i % 7)), $"b{i}"))];
        _index = new AsOfIndex<BacklogMeasured>(_facts);
        _t = start + Duration.FromMinutes(77_777);
    }

    [Benchmark(Baseline = true, Description = "TimeRules.AsOf (scan)")]
    public BacklogMeasured? Scan() => TimeRules.AsOf(_facts, _t);

    [Benchmark(Description = "AsOfIndex.AsOf")]
    public BacklogMeasured? Index() => _index.AsOf(_t);
}
