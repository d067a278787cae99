using System;
using System.Collections.Immutable;
using FeatureContracts.Contracts;

namespace FeatureContracts.Rows;

/// <summary>The type of a row column.</summary>
public enum ColumnType
{
    /// <summary>A numeric feature.</summary>
    Numeric,

    /// <summary>A categorical feature.</summary>
    Categorical,

    /// <summary>A boolean feature.</summary>
    Boolean,

    /// <summary>A missing indicator: 1 when its feature is missing, else 0.</summary>
    MissingIndicator,
}

/// <summary>One column of a row schema.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="Type">The column's type.</param>
/// <param name="Feature">The feature the column belongs to.</param>
public sealed record RowColumn(string Name, ColumnType Type, string Feature);

/// <summary>
/// The fixed, ordered column layout of a contract's rows: every feature in declaration order, then every
/// missing indicator in declaration order.
/// </summary>
public sealed class RowSchema
{
    internal RowSchema(ImmutableArray<FeatureDefinition> features)
    {
        var columns = ImmutableArray.CreateBuilder<RowColumn>();
        foreach (FeatureDefinition feature in features)
        {
            columns.Add(new RowColumn(feature.Name, ToColumnType(feature.Kind), feature.Name));
        }

        foreach (FeatureDefinition feature in features)
        {
            if (feature.IndicatorName is { } indicator)
            {
                columns.Add(new RowColumn(indicator, ColumnType.MissingIndicator, feature.Name));
            }
        }

        Columns = columns.ToImmutable();
    }

    /// <summary>The columns, in order.</summary>
    public ImmutableArray<RowColumn> Columns { get; }

    /// <summary>The index of the column named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Columns.Length; i++)
        {
            if (string.Equals(Columns[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static ColumnType ToColumnType(FeatureKind kind) => kind switch
    {
        FeatureKind.Numeric => ColumnType.Numeric,
        FeatureKind.Categorical => ColumnType.Categorical,
        _ => ColumnType.Boolean,
    };
}
