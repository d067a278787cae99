using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Sources;
using NodaTime;

namespace FeatureContracts.Rows;

/// <summary>
/// One feature row: the values of a contract's features for one entity at one prediction instant, in the
/// contract's fixed column order, with the contract's identity, the transform version and every value's
/// lineage. Immutable; equality is exact (numbers bit for bit).
/// </summary>
public sealed class FeatureRow : IEquatable<FeatureRow>
{
    internal FeatureRow(FeatureContract contract, string transformVersion, string entityId, Instant predictionInstant, ImmutableArray<FeatureCell> cells)
    {
        ContractName = contract.Name;
        ContractVersion = contract.Version;
        Fingerprint = contract.Fingerprint;
        Schema = contract.Schema;
        TransformVersion = transformVersion;
        EntityId = entityId;
        PredictionInstant = predictionInstant;
        Cells = cells;
    }

    /// <summary>The contract's name.</summary>
    public string ContractName { get; }

    /// <summary>The contract's version.</summary>
    public int ContractVersion { get; }

    /// <summary>The contract's fingerprint.</summary>
    public string Fingerprint { get; }

    /// <summary>The version of the transform code that built the row.</summary>
    public string TransformVersion { get; }

    /// <summary>The entity the row is for (an order id).</summary>
    public string EntityId { get; }

    /// <summary>The prediction instant T.</summary>
    public Instant PredictionInstant { get; }

    /// <summary>The row's column layout.</summary>
    public RowSchema Schema { get; }

    /// <summary>One cell per feature, in contract order.</summary>
    public ImmutableArray<FeatureCell> Cells { get; }

    /// <summary>Every event any value came from.</summary>
    public IEnumerable<LineageEntry> Lineage => Cells.SelectMany(c => c.Lineage);

    /// <summary>The cell of the feature named <paramref name="feature"/>.</summary>
    /// <exception cref="KeyNotFoundException">The contract has no such feature.</exception>
    public FeatureCell this[string feature]
    {
        get
        {
            foreach (FeatureCell cell in Cells)
            {
                if (string.Equals(cell.Feature, feature, StringComparison.Ordinal))
                {
                    return cell;
                }
            }

            throw new KeyNotFoundException($"Contract '{ContractName}' has no feature '{feature}'.");
        }
    }

    /// <summary>
    /// The row's values in schema order: feature values, then each missing indicator as the number 1 or 0.
    /// </summary>
    public ImmutableArray<FeatureValue> ColumnValues()
    {
        var values = ImmutableArray.CreateBuilder<FeatureValue>(Schema.Columns.Length);
        foreach (FeatureCell cell in Cells)
        {
            values.Add(cell.Value);
        }

        for (int i = Cells.Length; i < Schema.Columns.Length; i++)
        {
            FeatureCell cell = this[Schema.Columns[i].Feature];
            values.Add(FeatureValue.Numeric(cell.IsMissing ? 1 : 0));
        }

        return values.MoveToImmutable();
    }

    /// <inheritdoc />
    public bool Equals(FeatureRow? other)
        => other is not null
            && string.Equals(ContractName, other.ContractName, StringComparison.Ordinal)
            && ContractVersion == other.ContractVersion
            && string.Equals(Fingerprint, other.Fingerprint, StringComparison.Ordinal)
            && string.Equals(TransformVersion, other.TransformVersion, StringComparison.Ordinal)
            && string.Equals(EntityId, other.EntityId, StringComparison.Ordinal)
            && PredictionInstant == other.PredictionInstant
            && Cells.SequenceEqual(other.Cells);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FeatureRow);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Fingerprint, EntityId, PredictionInstant);

    /// <inheritdoc />
    public override string ToString() => $"{EntityId}@{PredictionInstant}: " + string.Join(", ", Cells.Select(c => c.ToString()));
}
