using FeatureContracts.CardFraud.Histories;
using FeatureContracts.Contracts;
using FeatureContracts.Monitoring;
using FeatureContracts.Serialization;
using FeatureContracts.Vectors;
using NodaTime;

namespace FeatureContracts.CardFraud.Contract;

/// <summary>
/// The card-fraud contract: at the instant authorization A is requested, will it be charged back within 60 days?
/// </summary>
public static class CardFraudContract
{
    /// <summary>The contract's name.</summary>
    public const string Name = "card_fraud";

    /// <summary>The country vocabulary pinned by version 1 (ISO 3166 alpha-2, compared ordinally).</summary>
    public static readonly string[] CountriesV1 = ["US", "GB", "DE", "FR", "BR"];

    /// <summary>How old the merchant's risk score may be before it counts as missing, in version 1.</summary>
    public static readonly Duration MerchantRiskMaxAgeV1 = Duration.FromHours(24);

    /// <summary>The built version 1 contract.</summary>
    public static FeatureContract<AuthorizationView> V1 { get; } = DefineV1().Build();

    /// <summary>
    /// The unbuilt definition of version 1, for teams that derive their own version from it. Each call returns a new
    /// single-use builder. Its monitors (not part of the fingerprint): an amount, a velocity count or a card-present flag
    /// missing from more than 1% of rows fails closed, and more than 1% of amounts outside the range (or 0.1% of velocity
    /// counts clamped) calls for investigating the source; a merchant risk missing from more than a quarter of rows falls
    /// back, and one older than 12 h at the 95th percentile pauses promotions; a country missing from more than 5% of
    /// rows falls back, and more than 5% unseen countries calls for labels and a retrain.
    /// </summary>
    public static FeatureContractBuilder<AuthorizationView> DefineV1() =>
        FeatureContract.Define<AuthorizationView>(Name, version: 1)
            .Describe("At the instant the authorization is requested, will it be charged back within 60 days?")
            .Numeric("amount", f => f
                .From(CardFraudSources.Amount)
                .RejectIfMissing()
                .RejectOutside(0, 100_000)
                .Monitor(m => m.NullRateAbove(0.01).OutOfRangeRateAbove(0.01))
                .Describe("The authorization's amount in its own currency, as requested; a null amount rejects the row."))
            .Numeric("hours_since_previous_authorization", f => f
                .From(CardFraudSources.HoursSincePreviousAuthorization)
                .CapAt(720)
                .FillMissingWith(720)
                .Describe("Hours from the card's previous visible authorization to this one; none yet counts as 720."))
            .Numeric("authorizations_on_card_24h", f => f
                .From(CardFraudSources.AuthorizationsOnCard24h)
                .RejectIfMissing()
                .ClampTo(0, 1_000)
                .Monitor(m => m.NullRateAbove(0.01).OutOfRangeRateAbove(0.001))
                .Describe("The card's visible authorizations that occurred in (T - 24 h, T], this one included; above 1,000 counts as 1,000, so a card under attack is still scored."))
            .Numeric("merchant_risk", f => f
                .From(CardFraudSources.MerchantRisk)
                .MaxAge(MerchantRiskMaxAgeV1)
                .EmitMissingWithIndicator()
                .RejectOutside(0, 1)
                .Monitor(m => m.NullRateAbove(0.25, MonitorAction.FallBack).FreshnessLagAbove(Duration.FromHours(26)))
                .Describe("The merchant's latest risk score as-of T, within the max age; never zero-filled."))
            .Categorical("country", f => f
                .From(CardFraudSources.Country)
                .Vocabulary(CountriesV1)
                .MapUnseenTo("other")
                .EmitMissingWithIndicator()
                .Monitor(m => m.NullRateAbove(0.05, MonitorAction.FallBack).UnseenRateAbove(0.15))
                .Describe("Where the authorization was requested; unseen codes map to 'other' and are counted; a null country is missing with its indicator."))
            .Boolean("card_present", f => f
                .From(CardFraudSources.CardPresent)
                .RejectIfMissing()
                .Monitor(m => m.NullRateAbove(0.01))
                .Describe("Whether the card was present at the terminal; a null flag rejects the row."));

    /// <summary>
    /// Reads a card-fraud contract from JSON in the shape <see cref="ContractJson.Write"/> gives (for example version 1
    /// with another max age for <c>merchant_risk</c>), with the sources of <see cref="CardFraudSources.Catalog"/>.
    /// </summary>
    /// <param name="json">The contract's JSON.</param>
    /// <returns>The built contract, ready for <see cref="CardFraudTransform(FeatureContract{AuthorizationView})"/>.</returns>
    /// <exception cref="ContractDefinitionException">The file is invalid; every problem is listed with its JSON path.</exception>
    public static FeatureContract<AuthorizationView> FromJson(string json) => ContractJson.Read(json, CardFraudSources.Catalog);

    /// <summary>
    /// The model vector layout of <paramref name="contract"/> (version 1 by default). A missing merchant risk puts 0 in
    /// its value slot and 1 in its indicator slot, so the model always sees that it is missing; a missing country sets
    /// no code slot and its indicator slot.
    /// </summary>
    public static FeatureVectorizer Vectorizer(FeatureContract? contract = null)
        => FeatureVectorizer.For(contract ?? V1).ImputeMissing("merchant_risk", 0).Build();
}
