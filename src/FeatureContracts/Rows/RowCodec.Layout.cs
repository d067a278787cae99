using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;

namespace FeatureContracts.Rows;

/// <summary>What a column of a training row holds.</summary>
public enum LayoutColumnType
{
    /// <summary>The entity id (its name chosen by the domain, e.g. <c>order_id</c>): a string, never missing.</summary>
    EntityId,

    /// <summary>The prediction instant (<c>prediction_time</c>), never missing.</summary>
    PredictionTime,

    /// <summary>A numeric feature: a finite double, or missing.</summary>
    Numeric,

    /// <summary>A categorical feature: a vocabulary code or the unseen bucket, or missing.</summary>
    Categorical,

    /// <summary>A boolean feature, or missing.</summary>
    Boolean,

    /// <summary>A missing indicator: 1 when its feature is missing, else 0; never missing itself.</summary>
    MissingIndicator,

    /// <summary>The label (<c>label</c>): 1 for the positive class, 0 for the negative; never missing.</summary>
    Label,
}

/// <summary>One column of a training row.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="Type">What the column holds.</param>
/// <param name="FeatureIndex">
/// For a feature or a missing indicator, the index of its feature in <see cref="FeatureContract.Features"/> (and
/// of its cell in <see cref="FeatureRow.Cells"/>); otherwise -1.
/// </param>
public sealed record LayoutColumn(string Name, LayoutColumnType Type, int FeatureIndex);

/// <summary>
/// The columns of a contract's training rows, the same for every format (CSV, JSON Lines, Parquet) and for the
/// reader, in order: the entity id (named by the caller, e.g. <c>order_id</c>), <c>prediction_time</c>, each
/// feature by its name (contract order), each missing indicator (contract order), <c>label</c>. Immutable.
/// </summary>
public sealed class RowLayout
{
    /// <summary>The name of the prediction instant column.</summary>
    public const string PredictionTimeColumn = "prediction_time";

    /// <summary>The name of the label column.</summary>
    public const string LabelColumn = "label";

    private readonly Dictionary<string, int> _indexOf;

    private RowLayout(FeatureContract contract, string entityIdColumn, ImmutableArray<LayoutColumn> columns, Dictionary<string, int> indexOf)
    {
        Contract = contract;
        EntityIdColumn = entityIdColumn;
        Columns = columns;
        _indexOf = indexOf;
        var names = ImmutableArray.CreateBuilder<JsonEncodedText>(columns.Length);
        foreach (LayoutColumn column in columns)
        {
            names.Add(JsonEncodedText.Encode(column.Name, RowCodec.JsonOptions.Encoder));
        }

        JsonNames = names.MoveToImmutable();
    }

    /// <summary>The contract the rows follow.</summary>
    public FeatureContract Contract { get; }

    /// <summary>The name of the entity id column, e.g. <c>order_id</c>.</summary>
    public string EntityIdColumn { get; }

    /// <summary>The columns, in order.</summary>
    public ImmutableArray<LayoutColumn> Columns { get; }

    /// <summary>The column names, encoded once for JSON writers.</summary>
    internal ImmutableArray<JsonEncodedText> JsonNames { get; }

    /// <summary>
    /// The layout of the training rows <paramref name="transform"/> builds: its contract's columns, the entity id
    /// column named by its domain's entity key (e.g. <c>order_id</c>).
    /// </summary>
    /// <exception cref="ArgumentException">Two columns share a name (see <see cref="For(FeatureContract, string)"/>).</exception>
    public static RowLayout For(Transform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return For(transform.Contract, transform.Domain.Entity.Key);
    }

    /// <summary>The layout of <paramref name="contract"/>'s training rows.</summary>
    /// <param name="contract">The contract.</param>
    /// <param name="entityIdColumn">The name of the entity id column, from the domain (e.g. <c>order_id</c>).</param>
    /// <exception cref="ArgumentException">
    /// The entity id column has no name, or two columns share a name (a feature or indicator named like the entity id
    /// column, <c>prediction_time</c> or <c>label</c>).
    /// </exception>
    public static RowLayout For(FeatureContract contract, string entityIdColumn)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentException.ThrowIfNullOrWhiteSpace(entityIdColumn);
        var columns = ImmutableArray.CreateBuilder<LayoutColumn>(contract.Schema.Columns.Length + 3);
        columns.Add(new LayoutColumn(entityIdColumn, LayoutColumnType.EntityId, -1));
        columns.Add(new LayoutColumn(PredictionTimeColumn, LayoutColumnType.PredictionTime, -1));
        var featureIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < contract.Features.Length; i++)
        {
            featureIndex.Add(contract.Features[i].Name, i);
        }

        foreach (RowColumn column in contract.Schema.Columns)
        {
            LayoutColumnType type = column.Type switch
            {
                ColumnType.Numeric => LayoutColumnType.Numeric,
                ColumnType.Categorical => LayoutColumnType.Categorical,
                ColumnType.Boolean => LayoutColumnType.Boolean,
                _ => LayoutColumnType.MissingIndicator,
            };
            columns.Add(new LayoutColumn(column.Name, type, featureIndex[column.Feature]));
        }

        columns.Add(new LayoutColumn(LabelColumn, LayoutColumnType.Label, -1));

        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Count; i++)
        {
            if (!indexOf.TryAdd(columns[i].Name, i))
            {
                throw new ArgumentException(
                    $"Contract '{contract.Name}' cannot be laid out as training rows: column '{columns[i].Name}' appears twice ({entityIdColumn}, {PredictionTimeColumn} and {LabelColumn} are reserved).",
                    nameof(contract));
            }
        }

        return new RowLayout(contract, entityIdColumn, columns.MoveToImmutable(), indexOf);
    }

    /// <summary>The index of the column named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _indexOf.TryGetValue(name, out int index) ? index : -1;
    }

    /// <summary>
    /// Checks that <paramref name="row"/> follows this layout's contract (same fingerprint, one cell per feature of
    /// the right kind) and that every present number is finite, so no writer ever writes NaN or infinity.
    /// </summary>
    /// <exception cref="ArgumentException">The row does not fit.</exception>
    public void EnsureFits(FeatureRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!string.Equals(row.Fingerprint, Contract.Fingerprint, StringComparison.Ordinal) || row.Cells.Length != Contract.Features.Length)
        {
            throw new ArgumentException(
                $"Row {row.EntityId}@{row.PredictionInstant} follows contract {row.ContractName} v{row.ContractVersion} ({row.Fingerprint}), not {Contract.Name} v{Contract.Version} ({Contract.Fingerprint}).",
                nameof(row));
        }

        for (int i = 0; i < row.Cells.Length; i++)
        {
            FeatureValue value = row.Cells[i].Value;
            if (value.Kind != Contract.Features[i].Kind)
            {
                throw new ArgumentException($"Row {row.EntityId}@{row.PredictionInstant}: feature '{Contract.Features[i].Name}' holds a {value.Kind} value.", nameof(row));
            }

            if (value.Number is { } number && !double.IsFinite(number))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Row {row.EntityId}@{row.PredictionInstant}: feature '{Contract.Features[i].Name}' is {number:R}; a training file holds finite numbers or missing, never NaN or infinity."),
                    nameof(row));
            }
        }
    }
}
