using FeatureContracts.Sources;

namespace FeatureContracts.CardFraud.Events;

/// <summary>
/// The fields of the card-payment log that the card-fraud sources read, each taken from
/// <c>CardFraudDomain.Instance.Schema</c>, so its role (outcome-only fields can never feed a feature) is said once, in
/// the schema.
/// </summary>
public static class CardFraudFields
{
    /// <summary><c>authorization_requested.amount</c>.</summary>
    public static InputField Amount { get; } = Field("authorization_requested", "amount");

    /// <summary><c>authorization_requested.country</c>.</summary>
    public static InputField Country { get; } = Field("authorization_requested", "country");

    /// <summary><c>authorization_requested.card_present</c>.</summary>
    public static InputField CardPresent { get; } = Field("authorization_requested", "card_present");

    /// <summary><c>authorization_requested.card_id</c>: which card's history a request belongs to.</summary>
    public static InputField CardId { get; } = Field("authorization_requested", CardFraudDomain.CardKey);

    /// <summary><c>authorization_requested.merchant_id</c>: which merchant's scores a request reads.</summary>
    public static InputField MerchantId { get; } = Field("authorization_requested", CardFraudDomain.MerchantKey);

    /// <summary><c>authorization_requested.occurred_at</c>.</summary>
    public static InputField RequestedAt { get; } = Field("authorization_requested", "occurred_at");

    /// <summary><c>merchant_risk_scored.risk_score</c>.</summary>
    public static InputField RiskScore { get; } = Field("merchant_risk_scored", "risk_score");

    /// <summary><c>card_blocked.occurred_at</c>.</summary>
    public static InputField BlockedAt { get; } = Field("card_blocked", "occurred_at");

    /// <summary><c>chargeback_filed.occurred_at</c>: outcome-only.</summary>
    public static InputField ChargebackAt { get; } = Field("chargeback_filed", "occurred_at");

    private static InputField Field(string eventType, string field) => CardFraudDomain.Instance.Schema.Field(eventType, field);
}
