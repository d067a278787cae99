using System;
using FeatureContracts.Domains;
using NodaTime;

namespace FeatureContracts.CardFraud.Events;

/// <summary>
/// A card authorization was requested: the row entity of the card-fraud domain. Filed under its authorization and its
/// card. Immutable; its fields are declared once, in <c>CardFraudDomain.Instance.Schema</c>.
/// </summary>
public sealed record AuthorizationRequested : DomainEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="authorizationId">The authorization.</param>
    /// <param name="cardId">The card charged.</param>
    /// <param name="merchantId">The merchant requesting it.</param>
    /// <param name="occurredAt">When the authorization was requested.</param>
    /// <param name="amount">The amount in <paramref name="currency"/>, if the source gave one.</param>
    /// <param name="currency">The ISO 4217 currency code of the amount.</param>
    /// <param name="country">The ISO 3166 country code where it was requested, if the source gave one.</param>
    /// <param name="cardPresent">Whether the card was present at the terminal, if the source said so.</param>
    /// <param name="recordedAt">When the event was recorded; defaults to <paramref name="occurredAt"/>.</param>
    /// <param name="eventId">The event's id.</param>
    public AuthorizationRequested(
        string authorizationId,
        string cardId,
        string merchantId,
        Instant occurredAt,
        double? amount,
        string currency,
        string? country,
        bool? cardPresent,
        Instant? recordedAt = null,
        string? eventId = null)
        : base(occurredAt, recordedAt, eventId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(authorizationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(cardId);
        ArgumentException.ThrowIfNullOrWhiteSpace(merchantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(currency);
        AuthorizationId = authorizationId;
        CardId = cardId;
        MerchantId = merchantId;
        Amount = amount;
        Currency = currency;
        Country = country;
        CardPresent = cardPresent;
    }

    /// <summary>The authorization.</summary>
    public string AuthorizationId { get; }

    /// <summary>The card charged.</summary>
    public string CardId { get; }

    /// <summary>The merchant requesting the authorization.</summary>
    public string MerchantId { get; }

    /// <summary>The amount in <see cref="Currency"/>, if given.</summary>
    public double? Amount { get; }

    /// <summary>The ISO 4217 currency code of the amount.</summary>
    public string Currency { get; }

    /// <summary>The ISO 3166 country code where the authorization was requested, if given.</summary>
    public string? Country { get; }

    /// <summary>Whether the card was present at the terminal, if given.</summary>
    public bool? CardPresent { get; }

    /// <inheritdoc />
    public override string EventType => "authorization_requested";
}

/// <summary>A merchant's risk was scored (reference data: every export partition reads it whole).</summary>
public sealed record MerchantRiskScored : DomainEvent
{
    /// <summary>Creates the event.</summary>
    public MerchantRiskScored(string merchantId, double riskScore, Instant occurredAt, Instant? recordedAt = null, string? eventId = null)
        : base(occurredAt, recordedAt, eventId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(merchantId);
        MerchantId = merchantId;
        RiskScore = riskScore;
    }

    /// <summary>The merchant scored.</summary>
    public string MerchantId { get; }

    /// <summary>The risk score, from 0 (safe) to 1 (risky).</summary>
    public double RiskScore { get; }

    /// <inheritdoc />
    public override string EventType => "merchant_risk_scored";
}

/// <summary>A chargeback was filed against an authorization. Outcome-only: it never reaches a feature.</summary>
public sealed record ChargebackFiled : DomainEvent
{
    /// <summary>Creates the event.</summary>
    public ChargebackFiled(string authorizationId, Instant occurredAt, Instant? recordedAt = null, string? eventId = null)
        : base(occurredAt, recordedAt, eventId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(authorizationId);
        AuthorizationId = authorizationId;
    }

    /// <summary>The authorization charged back.</summary>
    public string AuthorizationId { get; }

    /// <inheritdoc />
    public override string EventType => "chargeback_filed";
}

/// <summary>A card was blocked.</summary>
public sealed record CardBlocked : DomainEvent
{
    /// <summary>Creates the event.</summary>
    public CardBlocked(string cardId, Instant occurredAt, Instant? recordedAt = null, string? eventId = null)
        : base(occurredAt, recordedAt, eventId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cardId);
        CardId = cardId;
    }

    /// <summary>The card blocked.</summary>
    public string CardId { get; }

    /// <inheritdoc />
    public override string EventType => "card_blocked";
}
