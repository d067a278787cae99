using System;
using FeatureContracts.CardFraud.Events;
using FeatureContracts.CardFraud.Histories;
using FeatureContracts.CardFraud.Labels;
using FeatureContracts.Domains;
using NodaTime;

namespace FeatureContracts.CardFraud;

/// <summary>
/// The card-payment domain: a row is one authorization (<c>authorization_id</c>), scored at the instant it is
/// requested; it reads its card's history (partition key <c>card_id</c>) and its merchant's risk scores (reference data
/// every export partition holds whole). The label is <c>chargeback_within_60d</c>.
/// </summary>
/// <remarks>
/// An <c>authorization_requested</c> line must carry <c>amount</c>, <c>country</c> and <c>card_present</c>, but each may
/// be null: the request still happened, so it still counts in its card's history (the velocity features of the card's
/// other authorizations), and only this authorization's own row is affected (under <c>card_fraud</c> v1 a null amount or
/// card-present flag rejects it, a null country is missing with its indicator). Its identity (authorization, card, merchant, currency) is
/// required: a line without it cannot be placed and is rejected by the reader.
/// </remarks>
public sealed class CardFraudDomain : Domain<AuthorizationView>
{
    /// <summary>The key field naming an authorization: the row entity.</summary>
    public const string AuthorizationKey = "authorization_id";

    /// <summary>The key field naming a card: the partition key.</summary>
    public const string CardKey = "card_id";

    /// <summary>The key field naming a merchant: reference data.</summary>
    public const string MerchantKey = "merchant_id";

    private CardFraudDomain()
        : base(
            "card_payments",
            EventLog,
            new EntityLayout(AuthorizationKey, "authorization", "authorization_requested") { PartitionKey = CardKey, ReferenceKeys = [MerchantKey] },
            new LabelDefinition(ChargebackLabel.Name, "chargeback", "no_chargeback"),
            CardFraudTransform.Version)
    {
    }

    /// <summary>The domain.</summary>
    public static CardFraudDomain Instance { get; } = new();

    // The card-payment event log format: every event type with its fields, declared once (Instance.Schema).
    private static EventSchema EventLog => field ??= EventSchema.Define()
        .Event<AuthorizationRequested>("authorization_requested", t => t
            .Key(AuthorizationKey, e => e.AuthorizationId)
            .Key(CardKey, e => e.CardId)
            .Text(MerchantKey, e => e.MerchantId, FieldPresence.Required, shared: true)
            .Number("amount", e => e.Amount, FieldPresence.Nullable)
            .Text("currency", e => e.Currency, FieldPresence.Required, shared: true)
            .Text("country", e => e.Country, FieldPresence.Nullable, shared: true)
            .Boolean("card_present", e => e.CardPresent, FieldPresence.Nullable)
            .CreatedBy(f => new AuthorizationRequested(
                f.Text(AuthorizationKey)!,
                f.Text(CardKey)!,
                f.Text(MerchantKey)!,
                f.OccurredAt,
                f.Number("amount"),
                f.Text("currency")!,
                f.Text("country"),
                f.Boolean("card_present"),
                f.RecordedAt,
                f.EventId)))
        .Event<MerchantRiskScored>("merchant_risk_scored", t => t
            .Key(MerchantKey, e => e.MerchantId, shared: true)
            .Number("risk_score", e => e.RiskScore)
            .CreatedBy(f => new MerchantRiskScored(f.Text(MerchantKey)!, f.Number("risk_score")!.Value, f.OccurredAt, f.RecordedAt, f.EventId)))
        .Outcome<ChargebackFiled>("chargeback_filed", t => t
            .Key(AuthorizationKey, e => e.AuthorizationId)
            .CreatedBy(f => new ChargebackFiled(f.Text(AuthorizationKey)!, f.OccurredAt, f.RecordedAt, f.EventId)))
        .Event<CardBlocked>("card_blocked", t => t
            .Key(CardKey, e => e.CardId)
            .CreatedBy(f => new CardBlocked(f.Text(CardKey)!, f.OccurredAt, f.RecordedAt, f.EventId)))
        .Build();

    /// <inheritdoc />
    public override AuthorizationView ViewAt(IHistoryLookup histories, string entityId, Instant predictionInstant)
    {
        ArgumentNullException.ThrowIfNull(histories);
        AuthorizationRequested? requested = histories.History(AuthorizationKey, entityId).AsOf<AuthorizationRequested>(predictionInstant);
        if (requested is null)
        {
            return new AuthorizationView(entityId, predictionInstant, null, null, null, null);
        }

        EntityHistory card = histories.History(CardKey, requested.CardId);
        return new AuthorizationView(
            entityId,
            predictionInstant,
            requested,
            card,
            histories.History(MerchantKey, requested.MerchantId).AsOf<MerchantRiskScored>(predictionInstant),
            card.AsOf<CardBlocked>(predictionInstant));
    }

    /// <inheritdoc />
    public override LabelState LabelAt(IHistoryLookup histories, string entityId, Instant snapshot)
    {
        ArgumentNullException.ThrowIfNull(histories);
        return ChargebackLabel.At(histories.History(AuthorizationKey, entityId), snapshot);
    }
}
