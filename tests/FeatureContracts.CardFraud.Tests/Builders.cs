using System.Linq;
using FeatureContracts.CardFraud.Events;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.CardFraud.Tests;

/// <summary>Short, readable builders for instants, card-payment events, stores and rows.</summary>
internal static class Builders
{
    // Declared first: the static fields below parse instants with it.
    private static readonly InstantPattern MinutePattern = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm'Z'");

    /// <summary>The smallest representable duration (one nanosecond in NodaTime): "one tick" in these tests.</summary>
    public static readonly Duration Tick = Duration.Epsilon;

    public const string AuthorizationId = "A-1";
    public const string OtherAuthorizationId = "A-0";
    public const string CardId = "C-1";
    public const string OtherCardId = "C-2";
    public const string MerchantId = "M-1";
    public const string OtherMerchantId = "M-2";

    /// <summary>The instant A-1 is requested and scored: 2026-05-01T09:00Z.</summary>
    public static readonly Instant Nine = At("2026-05-01T09:00Z");

    /// <summary>Parses an ISO-8601 UTC instant, with or without seconds (e.g. <c>2026-05-01T09:00Z</c>).</summary>
    public static Instant At(string iso)
    {
        ParseResult<Instant> minutes = MinutePattern.Parse(iso);
        return minutes.Success ? minutes.Value : InstantPattern.ExtendedIso.Parse(iso).Value;
    }

    public static Duration Hours(double hours) => Duration.FromHours(hours);

    /// <summary>An authorization request; by default A-1 on card C-1 at merchant M-1, requested at <see cref="Nine"/>.</summary>
    public static AuthorizationRequested Requested(
        Instant? occurredAt = null,
        string authorizationId = AuthorizationId,
        string cardId = CardId,
        string merchantId = MerchantId,
        double? amount = 120.5,
        string currency = "EUR",
        string? country = "DE",
        bool? cardPresent = false,
        Instant? recordedAt = null,
        string? eventId = null)
        => new(authorizationId, cardId, merchantId, occurredAt ?? Nine, amount, currency, country, cardPresent, recordedAt, eventId);

    /// <summary>Another authorization of the card, <paramref name="hoursBefore"/> hours before <see cref="Nine"/>.</summary>
    public static AuthorizationRequested Other(double hoursBefore, string authorizationId = OtherAuthorizationId, string cardId = CardId, Instant? recordedAt = null, string? eventId = null)
        => Requested(Nine - Hours(hoursBefore), authorizationId, cardId, recordedAt: recordedAt, eventId: eventId ?? authorizationId);

    public static MerchantRiskScored Risk(double score, Instant occurredAt, Instant? recordedAt = null, string merchantId = MerchantId, string? eventId = null)
        => new(merchantId, score, occurredAt, recordedAt, eventId);

    public static ChargebackFiled Chargeback(Instant occurredAt, Instant? recordedAt = null, string authorizationId = AuthorizationId, string? eventId = null)
        => new(authorizationId, occurredAt, recordedAt, eventId);

    public static CardBlocked Blocked(Instant occurredAt, Instant? recordedAt = null, string cardId = CardId, string? eventId = null)
        => new(cardId, occurredAt, recordedAt, eventId);

    /// <summary>A store holding <paramref name="events"/>, appended in the order given.</summary>
    public static HistoryStore Store(params DomainEvent[] events)
    {
        var store = new HistoryStore(CardFraudDomain.Instance.Schema);
        store.AppendRange(events);
        return store;
    }

    /// <summary>The worked example: A-1 (120.50 EUR in DE, card not present) six hours after A-0 on the same card, merchant risk 0.3 at 07:00Z.</summary>
    public static DomainEvent[] Example() =>
    [
        Other(6),
        Requested(eventId: "req-1"),
        Risk(0.3, At("2026-05-01T07:00Z"), eventId: "risk-1"),
    ];

    /// <summary>A-1's row at <paramref name="t"/> under V1.</summary>
    public static RowResult Row(Instant t, params DomainEvent[] events) => CardFraudTransform.V1.BuildRow(Store(events), AuthorizationId, t);

    /// <summary>A-1's V1 row, which the test expects to be accepted.</summary>
    public static FeatureRow AcceptedRow(Instant t, params DomainEvent[] events)
    {
        RowResult result = Row(t, events);
        result.IsAccepted.Should().BeTrue($"the row should be accepted, but: {result}");
        return result.Row!;
    }

    /// <summary>A-1's V1 row, which the test expects to be rejected, and its single rejection.</summary>
    public static RowRejection SingleRejection(Instant t, params DomainEvent[] events)
    {
        RowResult result = Row(t, events);
        result.IsAccepted.Should().BeFalse($"the row should be rejected, but: {result}");
        result.Rejections.Should().ContainSingle();
        return result.Rejections.Single();
    }
}
