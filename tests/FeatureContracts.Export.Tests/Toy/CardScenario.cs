using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FeatureContracts.Domains;
using FeatureContracts.Export.Points;
using FeatureContracts.TestDomains.Toy;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace FeatureContracts.Export.Tests.Toy;

/// <summary>
/// Seeded card traffic in arrival (not event) order: merchants' risk scores, authorizations each linked to one card,
/// chargebacks (some for authorizations no event links to a card), lost cards, duplicated deliveries, and prediction
/// points (some for unknown authorizations, some after the snapshot); with the partition count and shard count to
/// export with.
/// </summary>
public sealed record CardScenario(IReadOnlyList<DomainEvent> Events, IReadOnlyList<PredictionPoint> Points, int Partitions, int Shards, int Seed)
{
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 0, 0);

    public static readonly Instant Snapshot = Start + Duration.FromDays(60);

    public static CardScenario Create(int cards, int authorizations, int seed, int partitions, int shards)
    {
#pragma warning disable CA5394 // Seeded test data.
        var random = new Random(seed);
        var events = new List<DomainEvent>();
        var points = new List<PredictionPoint>();
        for (int m = 0; m < 3; m++)
        {
            for (int h = 0; h < 40 * 24; h += 12 + random.Next(24))
            {
                Instant at = Start + Duration.FromHours(h);
                events.Add(new MerchantRiskMeasured($"M-{m}", random.Next(0, 100), at, at + Duration.FromMinutes(random.Next(0, 30)), $"r-{m}-{h}"));
            }
        }

        for (int c = 0; c < cards; c++)
        {
            // Two cards in three are reported lost at some point.
            if (c % 3 != 1)
            {
                Instant at = Start + Duration.FromHours(random.Next(0, 30 * 24));
                events.Add(new CardReported($"C-{c}", at, at + Duration.FromMinutes(random.Next(0, 600)), random.Next(2) == 0 ? $"lost-{c}" : null));
            }
        }

        for (int a = 0; a < authorizations; a++)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"A-{a:D3}");
            Instant requested = Start + Duration.FromMinutes(random.Next(0, 40 * 24 * 60));
            events.Add(new AuthorizationRequested(
                id,
                $"C-{random.Next(cards)}",
                random.Next(1, 500_000) / 100.0,
                $"M-{random.Next(3)}",
                requested,
                requested + Duration.FromMinutes(random.Next(0, 90)),
                random.Next(5) == 0 ? null : id + "-req"));
            if (random.Next(4) == 0)
            {
                Instant filed = requested + Duration.FromHours(random.Next(1, 24 * 40));
                events.Add(new ChargebackFiled(id, filed, filed + Duration.FromHours(random.Next(0, 48)), random.Next(3) == 0 ? null : id + "-cb"));
            }

            for (int k = random.Next(0, 4); k > 0; k--)
            {
                points.Add(new PredictionPoint(id, requested + Duration.FromHours(random.Next(-5, 24 * 45))));
            }
        }

        // Chargebacks and points of authorizations no event links to a card.
        for (int u = random.Next(0, 3); u > 0; u--)
        {
            string id = $"A-unlinked-{u}";
            Instant filed = Start + Duration.FromHours(random.Next(0, 24 * 30));
            events.Add(new ChargebackFiled(id, filed, null, $"{id}-cb"));
            points.Add(new PredictionPoint(id, filed + Duration.FromHours(1)));
        }

        // The same deliveries twice: an event_id counts once.
        int duplicates = events.Count / 20;
        for (int d = 0; d < duplicates; d++)
        {
            events.Add(events[random.Next(events.Count)]);
        }

        for (int i = events.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (events[i], events[j]) = (events[j], events[i]);
        }
#pragma warning restore CA5394
        return new CardScenario(events, points, partitions, shards, seed);
    }

    /// <summary>The card each authorization is linked to by its request.</summary>
    public IReadOnlyDictionary<string, string> CardOf()
    {
        var cards = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (AuthorizationRequested requested in Events.OfType<AuthorizationRequested>())
        {
            cards.TryAdd(requested.AuthorizationId, requested.CardId);
        }

        return cards;
    }

    public override string ToString()
        => $"seed {Seed}: {Events.Count} events, {Points.Count} points, {Partitions} partitions, {Shards} shards";
}

public static class CardScenarioArbitrary
{
    public static Gen<CardScenario> Scenarios { get; } =
        from cards in Gen.Choose(1, 6)
        from authorizations in Gen.Choose(0, 40)
        from seed in Gen.Choose(0, int.MaxValue)
        from partitions in Gen.Elements(1, 2, 3, 7)
        from shards in Gen.Elements(1, 2, 3)
        select CardScenario.Create(cards, authorizations, seed, partitions, shards);

    public static Arbitrary<CardScenario> CardScenarioArb() => Arb.From(Scenarios);
}
