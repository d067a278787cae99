using System;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Sources;
using NodaTime;

namespace FeatureContracts.TestDomains.Toy;

// A small card-payment domain that is not shipments: rows are authorizations, laid out by card (a linked key: a
// chargeback names only its authorization, which an authorization_requested event links to its card), and merchants'
// risk scores are reference data every partition reads whole.

/// <summary>An authorization was requested on a card at a merchant. It links the authorization to its card.</summary>
public sealed record AuthorizationRequested : DomainEvent
{
    public AuthorizationRequested(string authorizationId, string cardId, double amount, string merchant, Instant occurredAt, Instant? recordedAt = null, string? eventId = null)
        : base(occurredAt, recordedAt, eventId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        AuthorizationId = authorizationId;
        CardId = cardId;
        Amount = amount;
        Merchant = merchant;
    }

    public string AuthorizationId { get; }

    public string CardId { get; }

    public double Amount { get; }

    public string Merchant { get; }

    public override string EventType => "authorization_requested";
}

/// <summary>The card was reported lost.</summary>
public sealed record CardReported : DomainEvent
{
    public CardReported(string cardId, Instant occurredAt, Instant? recordedAt = null, string? eventId = null)
        : base(occurredAt, recordedAt, eventId)
        => CardId = cardId;

    public string CardId { get; }

    public override string EventType => "card_reported";
}

/// <summary>A merchant's risk score was measured: reference data.</summary>
public sealed record MerchantRiskMeasured : DomainEvent
{
    public MerchantRiskMeasured(string merchant, double score, Instant occurredAt, Instant? recordedAt = null, string? eventId = null)
        : base(occurredAt, recordedAt, eventId)
    {
        Merchant = merchant;
        Score = score;
    }

    public string Merchant { get; }

    public double Score { get; }

    public override string EventType => "merchant_risk_measured";
}

/// <summary>A chargeback was filed for an authorization: outcome-only, keyed by the authorization alone.</summary>
public sealed record ChargebackFiled : DomainEvent
{
    public ChargebackFiled(string authorizationId, Instant occurredAt, Instant? recordedAt = null, string? eventId = null)
        : base(occurredAt, recordedAt, eventId)
        => AuthorizationId = authorizationId;

    public string AuthorizationId { get; }

    public override string EventType => "chargeback_filed";
}

/// <summary>An authorization as known at T.</summary>
public sealed class CardView(string authorizationId, Instant predictionInstant) : IPointInTimeView
{
    public Instant PredictionInstant { get; } = predictionInstant;

    public string EntityId { get; } = authorizationId;

    public AuthorizationRequested? Requested { get; init; }

    public int CardAuthorizations { get; init; }

    public bool CardReported { get; init; }

    public MerchantRiskMeasured? MerchantRisk { get; init; }
}

/// <summary>The card domain: label <c>charged_back</c>, fraud when a chargeback is filed, genuine 30 days after the request without one.</summary>
public sealed class CardDomain : Domain<CardView>
{
    public const string AuthorizationKey = "authorization_id";
    public const string CardKey = "card_id";
    public const string MerchantKey = "merchant";

    public static readonly Duration ChargebackWindow = Duration.FromDays(30);

    private CardDomain()
        : base(
            "cards",
            EventSchema.Define()
                .Event<AuthorizationRequested>("authorization_requested", t => t
                    .Key(AuthorizationKey, e => e.AuthorizationId)
                    .Key(CardKey, e => e.CardId)
                    .Number("amount", e => e.Amount)
                    .Text(MerchantKey, e => e.Merchant, shared: true)
                    .CreatedBy(f => new AuthorizationRequested(
                        f.Text(AuthorizationKey)!, f.Text(CardKey)!, f.Number("amount")!.Value, f.Text(MerchantKey)!, f.OccurredAt, f.RecordedAt, f.EventId)))
                .Event<CardReported>("card_reported", t => t
                    .Key(CardKey, e => e.CardId)
                    .CreatedBy(f => new CardReported(f.Text(CardKey)!, f.OccurredAt, f.RecordedAt, f.EventId)))
                .Event<MerchantRiskMeasured>("merchant_risk_measured", t => t
                    .Key(MerchantKey, e => e.Merchant, shared: true)
                    .Number("score", e => e.Score)
                    .CreatedBy(f => new MerchantRiskMeasured(f.Text(MerchantKey)!, f.Number("score")!.Value, f.OccurredAt, f.RecordedAt, f.EventId)))
                .Outcome<ChargebackFiled>("chargeback_filed", t => t
                    .Key(AuthorizationKey, e => e.AuthorizationId)
                    .CreatedBy(f => new ChargebackFiled(f.Text(AuthorizationKey)!, f.OccurredAt, f.RecordedAt, f.EventId)))
                .Build(),
            new EntityLayout(AuthorizationKey, "authorization", "authorization_requested") { PartitionKey = CardKey, ReferenceKeys = [MerchantKey] },
            new LabelDefinition("charged_back", "fraud", "genuine"),
            "cards-test-1")
    {
    }

    public static CardDomain Instance { get; } = new();

    public static FeatureContract<CardView> Contract { get; } = FeatureContract.Define<CardView>("toy_fraud", version: 1)
        .Numeric("amount", f => f
            .From(ValueSource.Numeric<CardView>("authorization_amount", [Instance.Schema.Field("authorization_requested", "amount")], v => v.Requested is { } r
                ? Observation<double>.Present(r.Amount, r.ToLineage())
                : Observation<double>.Missing()))
            .RejectIfMissing()
            .RejectOutside(0, 1_000_000))
        .Numeric("card_authorizations", f => f
            .From(ValueSource.Numeric<CardView>("card_authorizations_visible", [Instance.Schema.Field("authorization_requested", "occurred_at")], v => Observation<double>.Present(v.CardAuthorizations)))
            .RejectIfMissing()
            .RejectOutside(0, 1_000_000))
        .Numeric("merchant_risk", f => f
            .From(ValueSource.Numeric<CardView>("merchant_risk_as_of", [Instance.Schema.Field("merchant_risk_measured", "score")], v => v.MerchantRisk is { } m
                ? Observation<double>.Present(m.Score, m.ToLineage())
                : Observation<double>.Missing()))
            .EmitMissingWithIndicator()
            .RejectOutside(0, 100))
        .Categorical("merchant", f => f
            .From(ValueSource.Categorical<CardView>("authorization_merchant", [Instance.Schema.Field("authorization_requested", "merchant")], v => v.Requested is { } r
                ? Observation<string>.Present(r.Merchant)
                : Observation<string>.Missing()))
            .Vocabulary("M-0", "M-1")
            .MapUnseenTo("other")
            .RejectIfMissing())
        .Boolean("card_reported", f => f
            .From(ValueSource.Boolean<CardView>("card_reported_visible", [Instance.Schema.Field("card_reported", "occurred_at")], v => Observation<bool>.Present(v.CardReported)))
            .RejectIfMissing())
        .Build();

    public static Transform<CardView> Transform { get; } = new(Instance, Contract);

    public override CardView ViewAt(IHistoryLookup histories, string entityId, Instant predictionInstant)
    {
        ArgumentNullException.ThrowIfNull(histories);
        AuthorizationRequested? requested = histories.History(AuthorizationKey, entityId).AsOf<AuthorizationRequested>(predictionInstant);
        if (requested is null)
        {
            return new CardView(entityId, predictionInstant);
        }

        EntityHistory card = histories.History(CardKey, requested.CardId);
        int visible = 0;
        foreach (AuthorizationRequested other in card.All<AuthorizationRequested>())
        {
            visible += other.RecordedAt <= predictionInstant ? 1 : 0;
        }

        return new CardView(entityId, predictionInstant)
        {
            Requested = requested,
            CardAuthorizations = visible,
            CardReported = card.AsOf<CardReported>(predictionInstant) is not null,
            MerchantRisk = histories.History(MerchantKey, requested.Merchant).AsOf<MerchantRiskMeasured>(predictionInstant),
        };
    }

    public override LabelState LabelAt(IHistoryLookup histories, string entityId, Instant snapshot)
    {
        ArgumentNullException.ThrowIfNull(histories);
        EntityHistory authorization = histories.History(AuthorizationKey, entityId);
        if (authorization.AsOf<AuthorizationRequested>(snapshot) is not { } requested)
        {
            return LabelState.Unknown;
        }

        if (authorization.AsOf<ChargebackFiled>(snapshot) is not null && authorization.EarliestRecordedAt<ChargebackFiled>() is { } filed && filed <= snapshot)
        {
            return LabelState.Known(true, filed);
        }

        Instant deadline = requested.OccurredAt + ChargebackWindow;
        return snapshot >= deadline ? LabelState.Known(false, deadline) : LabelState.Unknown;
    }
}
