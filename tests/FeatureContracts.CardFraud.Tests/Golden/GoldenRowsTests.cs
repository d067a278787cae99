using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using FeatureContracts.CardFraud.Events;
using FeatureContracts.Domains;
using FeatureContracts.Testing;
using NodaTime;

namespace FeatureContracts.CardFraud.Tests.Golden;

/// <summary>
/// The transform-version guard for card_fraud v1: its rows for seeded fixture histories are kept in
/// card_fraud_v1.rows.jsonl; a change of output under the same transform version fails with a value-by-value diff.
/// </summary>
public sealed class GoldenRowsTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 0, 0);
    private static readonly string?[] Countries = ["US", "GB", "DE", "FR", "BR", "XX", null];

    private static string Folder() => Path.Combine(SourceTree.Root("FeatureContracts.sln"), "tests", "FeatureContracts.CardFraud.Tests", "Golden");

    /// <summary>
    /// Five merchants scored every morning (one only on the first day, so its risk goes stale), ten cards, 120
    /// authorizations over six days with amounts, countries (one unseen, some null), missing card-present flags and
    /// missing amounts, some recorded late, and chargebacks for some of them.
    /// </summary>
    private static (List<DomainEvent> Events, List<(string, Instant)> Points) Fixture()
    {
#pragma warning disable CA5394 // Seeded fixture data.
        var random = new Random(2026);
        var events = new List<DomainEvent>();
        for (int day = 0; day < 6; day++)
        {
            for (int m = 0; m < 5; m++)
            {
                if (m == 4 && day > 0)
                {
                    continue;
                }

                Instant scored = Start + Duration.FromDays(day) + Duration.FromHours(6);
                events.Add(new MerchantRiskScored($"M-{m}", Math.Round(random.NextDouble(), 3), scored, scored + Duration.FromMinutes(random.Next(0, 30)), $"r-{day}-{m}"));
            }
        }

        var points = new List<(string, Instant)>();
        for (int a = 0; a < 120; a++)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"A-{a:D4}");
            Instant at = Start + Duration.FromMinutes(random.Next(0, 6 * 24 * 60));
            double? amount = random.Next(30) == 0 ? null : Math.Round(random.NextDouble() * 900, 2);
            bool? present = random.Next(25) == 0 ? null : random.Next(2) == 0;
            Instant recorded = at + Duration.FromSeconds(random.Next(0, 5) == 0 ? 3600 : 1);
            events.Add(new AuthorizationRequested(id, $"C-{random.Next(10)}", $"M-{random.Next(5)}", at, amount, "USD", Countries[random.Next(Countries.Length)], present, recorded, $"{id}-r"));
            if (random.Next(8) == 0)
            {
                Instant filed = at + Duration.FromDays(random.Next(1, 20));
                events.Add(new ChargebackFiled(id, filed, filed, $"{id}-c"));
            }

            points.Add((id, recorded));
            points.Add((id, at + Duration.FromHours(1)));
        }
#pragma warning restore CA5394

        return (events, points);
    }

    private static string Render()
    {
        var (events, points) = Fixture();
        var store = new HistoryStore(CardFraudDomain.Instance.Schema);
        store.AppendRange(events);
        return GoldenRows.Render(CardFraudTransform.V1, store, points);
    }

    [Fact]
    public void Card_fraud_v1_rows_match_their_golden_file_for_its_transform_version()
    {
        var (events, points) = Fixture();
        var store = new HistoryStore(CardFraudDomain.Instance.Schema);
        store.AppendRange(events);

        GoldenRows.Verify(CardFraudTransform.V1, store, points, Path.Combine(Folder(), "card_fraud_v1.rows.jsonl"));
    }

    [Fact]
    public void The_fixture_reaches_rows_rejections_unseen_and_missing_values()
    {
        string golden = File.ReadAllText(Path.Combine(Folder(), "card_fraud_v1.rows.jsonl"));

        golden.Should().Contain("\"values\":").And.Contain("\"rejected\":[\"missing_value:").And.Contain("\"country\":\"other\"").And.Contain("\"merchant_risk\":null");
    }

    [Fact]
    public void A_changed_value_under_the_same_version_fails_naming_the_column()
    {
        string golden = Render();
        string changed = golden.Replace("\"country\":\"other\"", "\"country\":\"US\"", StringComparison.Ordinal);

        Action compare = () => GoldenRows.Compare(changed, golden, CardFraudTransform.V1.Domain.TransformVersion);

        compare.Should().Throw<GoldenRowsException>().WithMessage("*changed while its version did not*: country \"US\" → \"other\"*");
    }
}
