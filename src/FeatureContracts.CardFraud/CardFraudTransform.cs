using FeatureContracts.CardFraud.Contract;
using FeatureContracts.CardFraud.Histories;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;

namespace FeatureContracts.CardFraud;

/// <summary>
/// The transform of the card-payment domain: <see cref="CardFraudDomain"/> plus a card-fraud contract. The training
/// exporter and the online scorer both call its <see cref="Transform.BuildRow"/>; there is no second implementation.
/// Immutable and thread-safe.
/// </summary>
public sealed class CardFraudTransform : Transform<AuthorizationView>
{
    /// <summary>The version of the authorization view and label code, recorded in every row it builds.</summary>
    public const string Version = "card-payments-1.0.0";

    /// <summary>Creates the transform for <paramref name="contract"/>.</summary>
    public CardFraudTransform(FeatureContract<AuthorizationView> contract)
        : base(CardFraudDomain.Instance, contract)
    {
    }

    /// <summary>The transform of the reference contract, card fraud version 1.</summary>
    public static CardFraudTransform V1 { get; } = new(CardFraudContract.V1);
}
