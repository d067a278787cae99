using System;
using System.Collections.Generic;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using FeatureContracts.Sources;
using NodaTime;

namespace FeatureContracts.Domains;

/// <summary>
/// A domain plus a contract: the one function that builds rows. The training exporter, the online scorer and the
/// monitors' parity check all call <see cref="BuildRow"/>; there is no second implementation. Immutable and thread-safe.
/// </summary>
public abstract class Transform
{
    private protected Transform(Domain domain, FeatureContract contract)
    {
        Domain = domain;
        Contract = contract;
    }

    /// <summary>The domain.</summary>
    public Domain Domain { get; }

    /// <summary>The contract the rows follow.</summary>
    public FeatureContract Contract { get; }

    /// <summary>
    /// Builds the row of <paramref name="entityId"/> at <paramref name="predictionInstant"/> from what
    /// <paramref name="histories"/> knows, or every reason it cannot be built: the entity is not known at T; its outcome
    /// is already known at T (leakage); or a feature's policy rejects.
    /// </summary>
    public abstract RowResult BuildRow(IHistoryLookup histories, string entityId, Instant predictionInstant);

    /// <summary>The label of <paramref name="entityId"/> as known at <paramref name="snapshot"/>.</summary>
    public LabelState LabelAt(IHistoryLookup histories, string entityId, Instant snapshot)
    {
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentException.ThrowIfNullOrWhiteSpace(entityId);
        return Domain.LabelAt(histories, entityId, snapshot);
    }
}

/// <summary>The transform of a domain whose view is <typeparamref name="TView"/>.</summary>
/// <typeparam name="TView">The point-in-time view the contract's sources read.</typeparam>
public class Transform<TView> : Transform
    where TView : IPointInTimeView
{
    /// <summary>Creates the transform of <paramref name="contract"/> over <paramref name="domain"/>.</summary>
    /// <exception cref="ArgumentException">
    /// A feature reads a field the domain's schema does not have, or declares a field's role otherwise than the schema does
    /// (an outcome field declared as a predictor); every such field is named.
    /// </exception>
#pragma warning disable RS0022 // Transform has no protected member; a subclass adds conveniences, BuildRow stays sealed.
    public Transform(Domain<TView> domain, FeatureContract<TView> contract)
#pragma warning restore RS0022
        : base(domain ?? throw new ArgumentNullException(nameof(domain)), contract ?? throw new ArgumentNullException(nameof(contract)))
    {
        CheckInputs(domain, contract);
        Domain = domain;
        Contract = contract;
    }

    /// <summary>The domain.</summary>
    public new Domain<TView> Domain { get; }

    /// <summary>The contract the rows follow.</summary>
    public new FeatureContract<TView> Contract { get; }

    /// <inheritdoc />
    public sealed override RowResult BuildRow(IHistoryLookup histories, string entityId, Instant predictionInstant)
    {
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentException.ThrowIfNullOrWhiteSpace(entityId);
        Domain<TView> domain = Domain;
        EntityHistory history = histories.History(domain.Entity.Key, entityId);
        if (domain.KnownSince(history) is not { } known || known > predictionInstant)
        {
            return RowResult.Rejected(entityId, predictionInstant, [new RowRejection(
                null,
                RejectionCode.EntityNotKnown,
                entityId,
                $"no {domain.Entity.KnownBy} event of {domain.Entity.Noun} '{entityId}' is visible at {predictionInstant}")]);
        }

        if (domain.LabelAt(histories, entityId, predictionInstant) is { IsKnown: true, KnownAt: { } knownAt })
        {
            return RowResult.Rejected(entityId, predictionInstant, [new RowRejection(
                domain.Label.Name,
                RejectionCode.OutcomeAlreadyKnown,
                knownAt.ToString(),
                $"outcome already known: the label became known at {knownAt}, at or before the prediction instant {predictionInstant}")]);
        }

        return Contract.BuildRow(domain.ViewAt(histories, entityId, predictionInstant), domain.TransformVersion);
    }

    private static void CheckInputs(Domain<TView> domain, FeatureContract<TView> contract)
    {
        var problems = new List<string>();
        foreach (FeatureDefinition feature in contract.Features)
        {
            foreach (InputField input in feature.Source.Inputs)
            {
                if (!domain.Schema.TryGetType(input.EventType, out EventTypeSchema type))
                {
                    if (input.Role != FieldRole.OutcomeOnly)
                    {
                        problems.Add($"feature '{feature.Name}' reads {input}, but domain '{domain.Name}' has no event type '{input.EventType}'");
                    }

                    continue;
                }

                if (input.Field is not ("occurred_at" or "recorded_at") && !type.HasField(input.Field))
                {
                    problems.Add($"feature '{feature.Name}' reads {input}, but event type '{type.Name}' has no field '{input.Field}'");
                }
                else if (type.IsOutcome && input.Role != FieldRole.OutcomeOnly)
                {
                    problems.Add($"feature '{feature.Name}' declares {input} a predictor, but '{type.Name}' is outcome-only in domain '{domain.Name}'");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(
                $"Contract '{contract.Name}' v{contract.Version} does not fit domain '{domain.Name}':" + string.Concat(problems.ConvertAll(p => "\n  - " + p)),
                nameof(contract));
        }
    }
}
