using FeatureContracts.CardFraud;
using FeatureContracts.CardFraud.Contract;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Vectors;

namespace FeatureContracts.Cli;

/// <summary>A domain the tool serves: its built-in transform, how a contract file is read for it, and its vector layout.</summary>
/// <param name="Name">The <c>--domain</c> value.</param>
/// <param name="BuiltIn">The built-in contract's transform.</param>
/// <param name="FromJson">Reads a contract file of the domain into its transform.</param>
/// <param name="Vectorizer">The model vector layout of a contract of the domain.</param>
internal sealed record ToolDomain(string Name, Transform BuiltIn, Func<string, Transform> FromJson, Func<FeatureContract, FeatureVectorizer> Vectorizer)
{
    /// <summary>The key field naming the domain's row entity, e.g. <c>order_id</c>.</summary>
    public string EntityKey => BuiltIn.Domain.Entity.Key;
}

/// <summary>The domains the tool serves; shipments is the default, so every command line written before keeps working.</summary>
internal static class ToolDomains
{
    public const string Default = "shipments";

    public static readonly ToolDomain[] All =
    [
        new("shipments", ShipmentTransform.LateDeliveryV1, json => new ShipmentTransform(LateDeliveryContract.FromJson(json)), LateDeliveryContract.Vectorizer),
        new("card-fraud", CardFraudTransform.V1, json => new CardFraudTransform(CardFraudContract.FromJson(json)), CardFraudContract.Vectorizer),
    ];

    public static string[] Names => [.. All.Select(d => d.Name)];

    public static ToolDomain Named(string? name) => All.Single(d => d.Name == (name ?? Default));
}
