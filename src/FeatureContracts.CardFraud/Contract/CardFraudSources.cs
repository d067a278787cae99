using FeatureContracts.CardFraud.Events;
using FeatureContracts.CardFraud.Histories;
using FeatureContracts.Serialization;
using FeatureContracts.Sources;
using NodaTime;

namespace FeatureContracts.CardFraud.Contract;

/// <summary>
/// The value sources of the card-payment domain: each reads one raw value from an <see cref="AuthorizationView"/> and
/// names the events it came from. Policies (missing, range, vocabulary, max age) are the contract's business.
/// </summary>
public static class CardFraudSources
{
    /// <summary>The window of <see cref="AuthorizationsOnCard24h"/>: (T − 24 h, T].</summary>
    public static Duration VelocityWindow { get; } = Duration.FromHours(24);

    /// <summary>The amount of the authorization's latest visible request.</summary>
    public static ValueSource<AuthorizationView, double> Amount { get; } = ValueSource.Numeric<AuthorizationView>(
        "authorization_amount",
        [CardFraudFields.Amount],
        view => view.Authorization is { Amount: { } amount } requested
            ? Observation<double>.Present(amount, requested.ToLineage())
            : Observation<double>.Missing());

    /// <summary>
    /// Hours from the card's previous authorization to this one (<see cref="AuthorizationView.PreviousAuthorization"/>):
    /// this request's <c>occurred_at</c> minus the previous one's, 0 for a tie; missing when the card has none. Its
    /// lineage is the previous request, then this one.
    /// </summary>
    public static ValueSource<AuthorizationView, double> HoursSincePreviousAuthorization { get; } = ValueSource.Numeric<AuthorizationView>(
        "hours_since_previous_card_authorization",
        [CardFraudFields.CardId, CardFraudFields.RequestedAt],
        view => view is { Authorization: { } current, PreviousAuthorization: { } previous }
            ? Observation<double>.Present((current.OccurredAt - previous.OccurredAt).TotalHours, previous.ToLineage(), current.ToLineage())
            : Observation<double>.Missing());

    /// <summary>
    /// How many of the card's requests visible at T occurred in (T − 24 h, T], this one included when it occurred in the
    /// window (see <see cref="AuthorizationView.CardAuthorizationsIn"/>). Its lineage is the latest request counted, so
    /// its freshness lag is the age of the card's latest activity; an empty window has none.
    /// </summary>
    public static ValueSource<AuthorizationView, double> AuthorizationsOnCard24h { get; } = ValueSource.Numeric<AuthorizationView>(
        "card_authorizations_24h",
        [CardFraudFields.CardId, CardFraudFields.RequestedAt],
        view =>
        {
            long count = view.CardAuthorizationsIn(VelocityWindow);
            return count > 0 && view.LatestCardAuthorization is { } latest
                ? Observation<double>.Present(count, latest.ToLineage())
                : Observation<double>.Present(count);
        });

    /// <summary>The merchant's latest visible risk score (as-of T); its lineage is that score.</summary>
    public static ValueSource<AuthorizationView, double> MerchantRisk { get; } = ValueSource.Numeric<AuthorizationView>(
        "merchant_risk_as_of",
        [CardFraudFields.MerchantId, CardFraudFields.RiskScore],
        view => view.MerchantRisk is { } scored
            ? Observation<double>.Present(scored.RiskScore, scored.ToLineage())
            : Observation<double>.Missing());

    /// <summary>The country code of the authorization's latest visible request.</summary>
    public static ValueSource<AuthorizationView, string> Country { get; } = ValueSource.Categorical<AuthorizationView>(
        "authorization_country",
        [CardFraudFields.Country],
        view => view.Authorization is { Country: { } country } requested
            ? Observation<string>.Present(country, requested.ToLineage())
            : Observation<string>.Missing());

    /// <summary>Whether the card was present, from the authorization's latest visible request.</summary>
    public static ValueSource<AuthorizationView, bool> CardPresent { get; } = ValueSource.Boolean<AuthorizationView>(
        "authorization_card_present",
        [CardFraudFields.CardPresent],
        view => view.Authorization is { CardPresent: { } present } requested
            ? Observation<bool>.Present(present, requested.ToLineage())
            : Observation<bool>.Missing());

    /// <summary>Whether a block of the card is visible at T (not read by version 1); its lineage is the latest block.</summary>
    public static ValueSource<AuthorizationView, bool> CardBlocked { get; } = ValueSource.Boolean<AuthorizationView>(
        "card_blocked_visible",
        [CardFraudFields.BlockedAt],
        view => view.CardBlock is { } block ? Observation<bool>.Present(true, block.ToLineage()) : Observation<bool>.Present(false));

    /// <summary>
    /// Every source above, looked up by name: the catalog a card-fraud contract file is read with (see
    /// <see cref="CardFraudContract.FromJson"/>).
    /// </summary>
    public static ValueSourceCatalog<AuthorizationView> Catalog { get; } = new(
        Amount, HoursSincePreviousAuthorization, AuthorizationsOnCard24h, MerchantRisk, Country, CardPresent, CardBlocked);
}
