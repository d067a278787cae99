using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Testing;
using NodaTime;

namespace FeatureContracts.TestFixtures;

/// <summary>
/// A seeded log of shipments in file order, with the things that make serving hard: late records, order amendments,
/// unseen carriers, missing fields, an origin never measured, a warehouse that stops being measured (stale backlog),
/// and, unless switched off, full ties (same occurred_at and recorded_at) that only input position breaks.
/// </summary>
internal sealed class ServingScenario
{
    private static readonly string[] Carriers = ["northline", "swiftpost", "bluefreight", "parcelwing", "zipzap"];
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    public ServingScenario(int orders, int seed, bool fullTies = true)
    {
#pragma warning disable CA5394 // Seeded test data.
        var random = new Random(seed);
        for (int w = 0; w < 3; w++)
        {
            for (int h = 0; h < 24 * 12; h += 2)
            {
                if (w == 2 && h >= 24 * 4 && h < 24 * 6)
                {
                    continue; // WH-2 goes unmeasured for two days: its backlog goes beyond the max age.
                }

                Instant at = Start + Duration.FromHours(h) + Duration.FromMinutes(random.Next(0, 30));
                Instant recorded = at + Duration.FromMinutes(random.Next(0, 20));
                Events.Add(new BacklogMeasured($"WH-{w}", random.Next(0, 50), at, recorded, $"b-{w}-{h}"));
                if (fullTies && random.Next(9) == 0)
                {
                    Events.Add(new BacklogMeasured($"WH-{w}", random.Next(0, 50), at, recorded, $"b-{w}-{h}-twin"));
                }
            }
        }

        for (int n = 0; n < orders; n++)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"O-{n:D5}");
            Instant placed = Start + Duration.FromMinutes(random.Next(0, 60 * 24 * 8));
            double? distance = random.Next(40) == 0 ? null : Math.Round(10 + (random.NextDouble() * 1500), 1);
            bool? expedited = random.Next(5) == 0 ? null : random.Next(3) == 0;
            LocalDate promised = placed.InZone(Berlin).Date.PlusDays(random.Next(1, 4));
            string origin = $"WH-{random.Next(4)}"; // WH-3 is never measured.
            Instant placedRecorded = placed + Duration.FromSeconds(random.Next(0, 90));
            Events.Add(new OrderPlaced(id, placed, Carriers[random.Next(Carriers.Length)], distance, expedited, origin, promised, Berlin, placedRecorded, $"{id}-p"));
            if (random.Next(8) == 0)
            {
                // An amendment: a new declaration, sometimes a full tie with the first.
                bool tie = fullTies && random.Next(2) == 0;
                Instant amended = tie ? placed : placed + Duration.FromHours(random.Next(1, 12));
                Events.Add(new OrderPlaced(id, amended, Carriers[random.Next(Carriers.Length)], Math.Round(20 + (random.NextDouble() * 900), 1), expedited, origin, promised, Berlin, tie ? placedRecorded : amended + Duration.FromMinutes(random.Next(0, 300)), $"{id}-p2"));
            }

            Instant delivered = placed + Duration.FromHours(random.Next(6, 96));
            int scans = random.Next(0, 6);
            for (int s = 1; s <= scans; s++)
            {
                Instant scanned = placed + ((delivered - placed) * s / (scans + 1));
                Events.Add(new Scan(id, scanned, "hub", scanned + Duration.FromMinutes(random.Next(0, 180)), $"{id}-s{s}"));
            }

            if (random.Next(6) != 0)
            {
                Events.Add(new Delivered(id, delivered, delivered + Duration.FromHours(random.Next(0, 30)), $"{id}-d"));
            }

            if (random.Next(10) == 0)
            {
                Events.Add(new Complaint(id, delivered + Duration.FromHours(5), null, $"{id}-c"));
            }

            for (int k = 0; k < 3; k++)
            {
                Points.Add(new ScenarioPoint(id, placed + Duration.FromMinutes(random.Next(-120, 60 * 60))));
            }
        }

        // File order is not event order.
        Shuffle(Events, random);
#pragma warning restore CA5394
    }

    public static Instant Start { get; } = Instant.FromUtc(2026, 5, 1, 0, 0);

    public List<ShipmentEvent> Events { get; } = [];

    public List<ScenarioPoint> Points { get; } = [];

    /// <summary>
    /// The events recorded at or before <paramref name="snapshot"/>, re-arriving as <see cref="Rearrive"/> says, with
    /// one duplicate for every twenty events.
    /// </summary>
    public List<ShipmentEvent> Arrivals(Instant snapshot, int seed)
    {
        var known = Events.Where(e => e.RecordedAt <= snapshot).ToList();
#pragma warning disable CA5394 // Seeded test data.
        return Rearrive(known, new Random(seed), known.Count / 20);
#pragma warning restore CA5394
    }

    /// <summary>
    /// Events given in file order, in another arrival order that changes no row, with <paramref name="duplicates"/>
    /// re-deliveries: the testing kit's <see cref="FixtureLog.Rearrive"/>.
    /// </summary>
    public static List<ShipmentEvent> Rearrive(IReadOnlyList<ShipmentEvent> fileOrder, Random random, int duplicates)
        => [.. FixtureLog.Rearrive(fileOrder, random, duplicates).Cast<ShipmentEvent>()];

    private static void Shuffle<T>(List<T> list, Random random)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
#pragma warning disable CA5394 // Seeded test data.
            int j = random.Next(i + 1);
#pragma warning restore CA5394
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}

/// <summary>An order to score at an instant.</summary>
internal sealed record ScenarioPoint(string OrderId, Instant PredictionTime);
