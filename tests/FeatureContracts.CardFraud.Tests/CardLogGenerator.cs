using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using FeatureContracts.CardFraud.Events;
using FeatureContracts.CardFraud.Labels;
using FeatureContracts.Domains;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace FeatureContracts.CardFraud.Tests;

/// <summary>
/// A generated card-payment log (a few cards, merchants and authorizations, with corrected requests, risk scores,
/// chargebacks and blocks), a prediction instant, and the same log shuffled and with duplicated lines. Every event has
/// a distinct occurred_at, so no as-of lookup ever reaches the arrival-order tie-break (which depends on input order by
/// design; ties are pinned by unit tests).
/// </summary>
public sealed record CardLog(
    ImmutableArray<string> AuthorizationIds,
    ImmutableArray<DomainEvent> Events,
    Instant PredictionInstant,
    ImmutableArray<DomainEvent> Shuffled,
    ImmutableArray<DomainEvent> Duplicated)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"T = {PredictionInstant}; authorizations {string.Join(", ", AuthorizationIds)}\n");
        foreach (DomainEvent e in Events)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {e}\n");
        }

        return text.ToString();
    }
}

/// <summary>The FsCheck generator of <see cref="CardLog"/>s.</summary>
public static class CardLogGenerator
{
    public static readonly Instant Base = Instant.FromUtc(2026, 5, 1, 0, 0);

    private const int Day = 24 * 60;

    private static readonly string[] Cards = ["C-1", "C-2"];
    private static readonly string[] Merchants = ["M-1", "M-2"];
    private static readonly double?[] Amounts = [120.5, 9.99, 0, 100_000, 2_500, null, -1, 100_001];
    private static readonly string?[] Countries = ["US", "GB", "DE", "FR", "BR", "JP", null];
    private static readonly bool?[] CardPresentValues = [true, false, null];
    private static readonly double[] RiskScores = [0, 0.15, 0.5, 0.92, 1, 1.5];

    private sealed record RawAuthorization(int Card, int Merchant, int Minute, int Lag, int Amount, int Country, int CardPresent);

    private sealed record RawCorrection(int Authorization, int Minute, int Lag, int Amount);

    private sealed record RawRisk(int Merchant, int Minute, int Lag, int Score);

    private sealed record RawChargeback(int Authorization, int Days, int Minute, int LagDays);

    private sealed record RawBlock(int Card, int Minute, int Lag);

    private sealed record RawInstant(int Mode, int Minute, int Pick);

    private sealed record Assembled(ImmutableArray<string> AuthorizationIds, ImmutableArray<DomainEvent> Events, Instant T);

    /// <summary>Recording lags in minutes: often none, sometimes minutes, sometimes more than a day.</summary>
    private static Gen<int> Lag { get; } = Gen.Frequency(
        (4, Gen.Constant(0)),
        (3, Gen.Choose(1, 90)),
        (2, Gen.Choose(91, 36 * 60)));

    private static Gen<RawAuthorization> RawAuthorizations { get; } =
        from card in Gen.Choose(0, Cards.Length - 1)
        from merchant in Gen.Choose(0, Merchants.Length - 1)
        from minute in Gen.Choose(0, 3 * Day)
        from lag in Lag
        from amount in Gen.Frequency((6, Gen.Choose(0, 4)), (1, Gen.Choose(5, Amounts.Length - 1)))
        from country in Gen.Choose(0, Countries.Length - 1)
        from present in Gen.Frequency((6, Gen.Choose(0, 1)), (1, Gen.Constant(2)))
        select new RawAuthorization(card, merchant, minute, lag, amount, country, present);

    private static Gen<RawCorrection> RawCorrections { get; } =
        from authorization in Gen.Choose(0, 7)
        from minute in Gen.Choose(0, 3 * Day)
        from lag in Lag
        from amount in Gen.Choose(0, Amounts.Length - 1)
        select new RawCorrection(authorization, minute, lag, amount);

    private static Gen<RawRisk> RawRisks { get; } =
        from merchant in Gen.Choose(0, Merchants.Length - 1)
        from minute in Gen.Choose(-Day, 3 * Day)
        from lag in Lag
        from score in Gen.Frequency((8, Gen.Choose(0, 4)), (1, Gen.Constant(5)))
        select new RawRisk(merchant, minute, lag, score);

    private static Gen<RawChargeback> RawChargebacks { get; } =
        from authorization in Gen.Choose(0, 7)
        from days in Gen.Choose(0, 75)
        from minute in Gen.Choose(0, Day)
        from lagDays in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, 20)))
        select new RawChargeback(authorization, days, minute, lagDays);

    private static Gen<RawBlock> RawBlocks { get; } =
        from card in Gen.Choose(0, Cards.Length - 1)
        from minute in Gen.Choose(0, 3 * Day)
        from lag in Lag
        select new RawBlock(card, minute, lag);

    private static Gen<RawInstant> RawInstants { get; } =
        from mode in Gen.Choose(0, 9)
        from minute in Gen.Choose(0, 4 * Day)
        from pick in Gen.Choose(0, 1000)
        select new RawInstant(mode, minute, pick);

    public static Gen<CardLog> Logs { get; } =
        from authorizationCount in Gen.Choose(1, 8)
        from authorizations in Gen.ArrayOf(RawAuthorizations, authorizationCount)
        from correctionCount in Gen.Choose(0, 2)
        from corrections in Gen.ArrayOf(RawCorrections, correctionCount)
        from riskCount in Gen.Choose(0, 6)
        from risks in Gen.ArrayOf(RawRisks, riskCount)
        from chargebackCount in Gen.Choose(0, 3)
        from chargebacks in Gen.ArrayOf(RawChargebacks, chargebackCount)
        from blockCount in Gen.Choose(0, 2)
        from blocks in Gen.ArrayOf(RawBlocks, blockCount)
        from instant in RawInstants
        let assembled = Assemble(authorizations, corrections, risks, chargebacks, blocks, instant)
        from shuffled in Gen.Shuffle(assembled.Events.ToArray())
        from copies in Gen.SubListOf(assembled.Events.ToArray()).SelectMany(copies => Gen.Shuffle(copies.ToArray()))
        select new CardLog(
            assembled.AuthorizationIds,
            assembled.Events,
            assembled.T,
            [.. shuffled],
            [.. assembled.Events, .. copies.Select(e => e with { })]);

    public static Arbitrary<CardLog> CardLogArb() => Arb.From(Logs);

    private static Assembled Assemble(
        RawAuthorization[] authorizations, RawCorrection[] corrections, RawRisk[] risks, RawChargeback[] chargebacks, RawBlock[] blocks, RawInstant instant)
    {
        // Each event gets a distinct millisecond offset on top of its minute, so occurred_at never ties.
        int sequence = 0;
        Instant Occurred(int minute) => Base + Duration.FromMinutes(minute) + Duration.FromMilliseconds(sequence++);
        string NextId() => "e" + sequence.ToString(CultureInfo.InvariantCulture);

        var ids = Enumerable.Range(1, authorizations.Length).Select(i => "A-" + i.ToString(CultureInfo.InvariantCulture)).ToImmutableArray();
        var events = ImmutableArray.CreateBuilder<DomainEvent>();
        var requests = new List<AuthorizationRequested>();
        for (int i = 0; i < authorizations.Length; i++)
        {
            RawAuthorization raw = authorizations[i];
            string id = NextId();
            Instant occurred = Occurred(raw.Minute);
            var requested = new AuthorizationRequested(
                ids[i], Cards[raw.Card], Merchants[raw.Merchant], occurred, Amounts[raw.Amount], "EUR", Countries[raw.Country],
                CardPresentValues[raw.CardPresent], occurred + Duration.FromMinutes(raw.Lag), id);
            requests.Add(requested);
            events.Add(requested);
        }

        foreach (RawCorrection raw in corrections)
        {
            // A corrected request of an authorization: same card and merchant, another instant and amount.
            AuthorizationRequested original = requests[raw.Authorization % requests.Count];
            string id = NextId();
            Instant occurred = Occurred(raw.Minute);
            events.Add(new AuthorizationRequested(
                original.AuthorizationId, original.CardId, original.MerchantId, occurred, Amounts[raw.Amount], "EUR", original.Country,
                original.CardPresent, occurred + Duration.FromMinutes(raw.Lag), id));
        }

        foreach (RawRisk raw in risks)
        {
            string id = NextId();
            Instant occurred = Occurred(raw.Minute);
            events.Add(new MerchantRiskScored(Merchants[raw.Merchant], RiskScores[raw.Score], occurred, occurred + Duration.FromMinutes(raw.Lag), id));
        }

        foreach (RawChargeback raw in chargebacks)
        {
            AuthorizationRequested charged = requests[raw.Authorization % requests.Count];
            string id = NextId();
            Instant occurred = charged.OccurredAt + Duration.FromDays(raw.Days) + Duration.FromMinutes(raw.Minute) + Duration.FromMilliseconds(sequence++);
            events.Add(new ChargebackFiled(charged.AuthorizationId, occurred, occurred + Duration.FromDays(raw.LagDays), id));
        }

        foreach (RawBlock raw in blocks)
        {
            string id = NextId();
            Instant occurred = Occurred(raw.Minute);
            events.Add(new CardBlocked(Cards[raw.Card], occurred, occurred + Duration.FromMinutes(raw.Lag), id));
        }

        return new Assembled(ids, events.ToImmutable(), PickInstant(instant, events, requests));
    }

    /// <summary>
    /// A prediction instant: anywhere in the span; exactly at (or one tick either side of) an event's recorded_at; at
    /// an authorization's request; at the edge of its 24-hour window (or one tick either side); at its deadline (or
    /// one tick before).
    /// </summary>
    private static Instant PickInstant(RawInstant raw, IReadOnlyList<DomainEvent> events, IReadOnlyList<AuthorizationRequested> requests)
    {
        Instant someRecord = events[raw.Pick % events.Count].RecordedAt;
        AuthorizationRequested some = requests[raw.Pick % requests.Count];
        Instant windowEdge = some.OccurredAt + Duration.FromHours(24);
        return raw.Mode switch
        {
            0 or 1 => Base + Duration.FromMinutes(raw.Minute),
            2 => someRecord,
            3 => someRecord - Duration.Epsilon,
            4 => someRecord + Duration.Epsilon,
            5 => some.RecordedAt,
            6 => windowEdge,
            7 => raw.Pick % 2 == 0 ? windowEdge - Duration.Epsilon : windowEdge + Duration.Epsilon,
            _ => raw.Pick % 2 == 0 ? ChargebackLabel.Deadline(some) : ChargebackLabel.Deadline(some) - Duration.Epsilon,
        };
    }
}
