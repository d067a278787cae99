using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FeatureContracts.CardFraud.Events;
using FeatureContracts.Domains;
using NodaTime;

namespace CardFraud;

/// <summary>What a generated log holds.</summary>
internal sealed record PaymentLog(IReadOnlyList<DomainEvent> Events, IReadOnlyList<string> MalformedLines, int Cards, int Authorizations, int Fraudulent, Instant Start, Instant End);

/// <summary>
/// Generates a realistic, seeded card-payment log: merchants whose risk is scored daily (a few only every third day,
/// so their score is often older than the contract's max age), cards that pay at their usual rate in their home
/// country, and now and then a compromised card: a burst of card-not-present authorizations abroad, at risky merchants,
/// for larger amounts, most of them charged back weeks later (a few after the 60 days the label counts, a few
/// recorded days late), and the card blocked a day or two on. Honest payments are charged back rarely. A few
/// authorizations lack an amount or a country, and a few lines are malformed. The same seed gives the same log.
/// </summary>
internal static class PaymentLogGenerator
{
    private static readonly string[] HomeCountries = ["US", "US", "US", "GB", "GB", "DE", "FR", "BR"];
    private static readonly string[] FraudCountries = ["NG", "RU", "US", "GB", "BR", "XX"];
    private static readonly string[] Malformed =
    [
        """{"type":"authorization_requested","authorization_id":"X","card_id":"C","merchant_id":"M","occurred_at":"2026-03-01T09:00:00","amount":10,"currency":"USD","country":"US","card_present":true}""",
        """{"type":"merchant_risk_scored","merchant_id":"M-000","occurred_at":"2026-03-01T00:00:00Z","risk_score":"high"}""",
        """{"type":"refund_issued","authorization_id":"X","occurred_at":"2026-03-01T09:00:00Z"}""",
        """{"type":"chargeback_filed","occurred_at":"2026-03-01T09:00:00Z"}""",
    ];

    public static PaymentLog Generate(int cards, int merchants, int days, int seed, Instant start)
    {
#pragma warning disable CA5394 // Seeded, deterministic sample data; not security relevant.
        var random = new Random(seed);
        var events = new List<DomainEvent>();
        var malformed = new List<string>();
        double[] merchantRisk = [.. Enumerable.Range(0, merchants).Select(_ => Math.Pow(random.NextDouble(), 3))];
        string[] home = [.. Enumerable.Range(0, cards).Select(_ => HomeCountries[random.Next(HomeCountries.Length)])];
        double[] rate = [.. Enumerable.Range(0, cards).Select(_ => 0.2 + (random.NextDouble() * 1.2))];
        int[] compromisedUntilDay = new int[cards];
        int authorizations = 0;
        int fraudulent = 0;

        for (int day = 0; day < days; day++)
        {
            Instant dayStart = start + Duration.FromDays(day);
            for (int m = 0; m < merchants; m++)
            {
                if (m % 20 == 19 && day % 3 != 0)
                {
                    continue;
                }

                double score = Math.Clamp(merchantRisk[m] + ((random.NextDouble() - 0.5) * 0.1), 0, 1);
                Instant scored = dayStart + Duration.FromMinutes(random.Next(0, 60));
                events.Add(new MerchantRiskScored(Merchant(m), Math.Round(score, 3), scored, scored + Duration.FromMinutes(random.Next(0, 20)), $"risk-{day}-{m}"));
            }

            var today = new List<DomainEvent>();
            for (int c = 0; c < cards; c++)
            {
                if (compromisedUntilDay[c] < day && random.NextDouble() < 0.0015)
                {
                    compromisedUntilDay[c] = day + random.Next(1, 3);
                    Instant blocked = dayStart + Duration.FromHours(24 + random.Next(0, 36));
                    today.Add(new CardBlocked(Card(c), blocked, blocked, $"block-{c}-{day}"));
                }

                bool compromised = compromisedUntilDay[c] >= day;
                int count = Poisson(random, rate[c]) + (compromised ? random.Next(3, 12) : 0);
                for (int i = 0; i < count; i++)
                {
                    bool fraud = compromised && random.NextDouble() < 0.8;
                    string id = string.Create(CultureInfo.InvariantCulture, $"A-{authorizations++:D7}");
                    Instant at = dayStart + Duration.FromTicks(random.NextInt64(0, NodaConstants.TicksPerDay / 10) * 10);
                    int merchant = fraud ? RiskyMerchant(random, merchantRisk) : random.Next(merchants);
                    double? amount = random.NextDouble() < 0.002 ? null : Math.Round(fraud ? 80 + (random.NextDouble() * random.NextDouble() * 2500) : 5 + (random.NextDouble() * random.NextDouble() * 300), 2);
                    string? country = random.NextDouble() < 0.005 ? null : fraud ? FraudCountries[random.Next(FraudCountries.Length)] : home[c];
                    bool cardPresent = fraud ? random.NextDouble() < 0.1 : random.NextDouble() < 0.7;
                    today.Add(new AuthorizationRequested(id, Card(c), Merchant(merchant), at, amount, "USD", country, cardPresent, at, id));
                    fraudulent += fraud ? 1 : 0;
                    if (random.NextDouble() < (fraud ? 0.85 : 0.004))
                    {
                        Instant filed = at + Duration.FromDays(fraud ? random.Next(3, 70) : random.Next(10, 90)) + Duration.FromTicks(random.NextInt64(0, NodaConstants.TicksPerDay / 10) * 10);
                        Duration lag = random.NextDouble() < 0.1 ? Duration.FromDays(random.Next(1, 5)) : Duration.FromMinutes(random.Next(0, 60));
                        events.Add(new ChargebackFiled(id, filed, filed + lag, $"cb-{id}"));
                    }
                }
            }

            // A day's authorizations arrive in the order they were requested.
            events.AddRange(today.OrderBy(e => e.RecordedAt));
            if (random.NextDouble() < 0.3)
            {
                malformed.Add(Malformed[random.Next(Malformed.Length)]);
            }
        }
#pragma warning restore CA5394

        // A log is read in the order records arrived; chargebacks filed in the future sort to their own time. Instants
        // are drawn to the microsecond (what a Parquet timestamp holds), so no two events of one history tie fully and any arrival order gives the same rows.
        DomainEvent[] ordered = [.. events.OrderBy(e => e.RecordedAt)];
        return new PaymentLog(ordered, malformed, cards, authorizations, fraudulent, start, start + Duration.FromDays(days));
    }

    public static string Card(int c) => string.Create(CultureInfo.InvariantCulture, $"C-{c:D5}");

    public static string Merchant(int m) => string.Create(CultureInfo.InvariantCulture, $"M-{m:D3}");

    private static int RiskyMerchant(Random random, double[] risk)
    {
#pragma warning disable CA5394
        // Of three merchants drawn, the riskiest.
        int best = random.Next(risk.Length);
        for (int i = 0; i < 2; i++)
        {
            int other = random.Next(risk.Length);
            if (risk[other] > risk[best])
            {
                best = other;
            }
        }

        return best;
#pragma warning restore CA5394
    }

    private static int Poisson(Random random, double mean)
    {
#pragma warning disable CA5394
        double limit = Math.Exp(-mean);
        double product = random.NextDouble();
        int k = 0;
        while (product > limit)
        {
            product *= random.NextDouble();
            k++;
        }

        return k;
#pragma warning restore CA5394
    }
}
