using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Rows;

namespace FeatureContracts.Export.Sinks;

/// <summary>What a column of a training file holds.</summary>
public enum TrainingColumnType
{
    /// <summary>The entity id, named by the domain's entity key (<c>order_id</c>): a string, never missing.</summary>
    EntityId,

    /// <summary>The prediction instant (<c>prediction_time</c>), UTC, never missing.</summary>
    PredictionTime,

    /// <summary>A numeric feature: a finite double, or missing.</summary>
    Numeric,

    /// <summary>A categorical feature: a vocabulary code or the unseen bucket, or missing.</summary>
    Categorical,

    /// <summary>A boolean feature, or missing.</summary>
    Boolean,

    /// <summary>A missing indicator: 1 when its feature is missing, else 0; never missing itself.</summary>
    MissingIndicator,

    /// <summary>The label (<c>label</c>): 1 = the domain's positive class (late), 0 = its negative class; never missing.</summary>
    Label,
}

/// <summary>One column of a training file.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="Type">What the column holds.</param>
/// <param name="FeatureIndex">
/// For a feature or a missing indicator, the index of its feature in <see cref="FeatureContract.Features"/> (and
/// of its cell in <see cref="FeatureRow.Cells"/>); otherwise -1.
/// </param>
public sealed record TrainingColumn(string Name, TrainingColumnType Type, int FeatureIndex);

/// <summary>
/// The column layout every row sink writes for a contract, in order: the entity id (named by the domain's entity key,
/// e.g. <c>order_id</c>), <c>prediction_time</c>, each feature by its name (contract order), each missing indicator
/// (contract order), <c>label</c>. Immutable.
/// </summary>
public sealed class TrainingRowLayout
{
    /// <summary>The name of the prediction instant column.</summary>
    public const string PredictionTimeColumn = "prediction_time";

    /// <summary>The name of the label column.</summary>
    public const string LabelColumn = "label";

    private TrainingRowLayout(FeatureContract contract, string entityColumn, ImmutableArray<TrainingColumn> columns)
    {
        Contract = contract;
        EntityColumn = entityColumn;
        Columns = columns;
    }

    /// <summary>The contract the rows follow.</summary>
    public FeatureContract Contract { get; }

    /// <summary>The name of the entity id column: the domain's entity key, e.g. <c>order_id</c>.</summary>
    public string EntityColumn { get; }

    /// <summary>The columns, in file order.</summary>
    public ImmutableArray<TrainingColumn> Columns { get; }

    /// <summary>The layout of the training rows <paramref name="transform"/> builds: its contract, its domain's entity key.</summary>
    /// <exception cref="ArgumentException">Two columns share a name (see <see cref="For(FeatureContract, string)"/>).</exception>
    public static TrainingRowLayout For(Transform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return For(transform.Contract, transform.Domain.Entity.Key);
    }

    /// <summary>The layout of <paramref name="contract"/>'s training rows, the entity id in column <paramref name="entityColumn"/>.</summary>
    /// <param name="contract">The contract.</param>
    /// <param name="entityColumn">The entity id column's name: the domain's entity key, e.g. <c>order_id</c>.</param>
    /// <exception cref="ArgumentException">
    /// A feature or indicator is named like the entity column, <c>prediction_time</c> or <c>label</c>, or two columns
    /// share a name.
    /// </exception>
    public static TrainingRowLayout For(FeatureContract contract, string entityColumn)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentException.ThrowIfNullOrWhiteSpace(entityColumn);
        var columns = ImmutableArray.CreateBuilder<TrainingColumn>(contract.Schema.Columns.Length + 3);
        columns.Add(new TrainingColumn(entityColumn, TrainingColumnType.EntityId, -1));
        columns.Add(new TrainingColumn(PredictionTimeColumn, TrainingColumnType.PredictionTime, -1));
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < contract.Features.Length; i++)
        {
            indexOf.Add(contract.Features[i].Name, i);
        }

        foreach (RowColumn column in contract.Schema.Columns)
        {
            TrainingColumnType type = column.Type switch
            {
                ColumnType.Numeric => TrainingColumnType.Numeric,
                ColumnType.Categorical => TrainingColumnType.Categorical,
                ColumnType.Boolean => TrainingColumnType.Boolean,
                _ => TrainingColumnType.MissingIndicator,
            };
            columns.Add(new TrainingColumn(column.Name, type, indexOf[column.Feature]));
        }

        columns.Add(new TrainingColumn(LabelColumn, TrainingColumnType.Label, -1));

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (TrainingColumn column in columns)
        {
            if (!seen.Add(column.Name))
            {
                throw new ArgumentException(
                    $"Contract '{contract.Name}' cannot be exported: column '{column.Name}' appears twice in the training layout ({entityColumn}, prediction_time and label are reserved).",
                    nameof(contract));
            }
        }

        return new TrainingRowLayout(contract, entityColumn, columns.MoveToImmutable());
    }

    /// <summary>
    /// Checks that <paramref name="row"/> follows this layout's contract (same fingerprint, one cell per feature of
    /// the right kind) and that every present number is finite, so a sink never writes NaN or infinity.
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
