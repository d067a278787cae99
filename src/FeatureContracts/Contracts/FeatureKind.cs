namespace FeatureContracts.Contracts;

/// <summary>The type of a feature's value.</summary>
public enum FeatureKind
{
    /// <summary>A finite real number.</summary>
    Numeric,

    /// <summary>A code from a pinned vocabulary.</summary>
    Categorical,

    /// <summary>True or false.</summary>
    Boolean,
}
