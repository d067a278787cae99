namespace FeatureContracts.Evolution;

/// <summary>What a change does to a model trained on the rows of the older contract version.</summary>
public enum ChangeImpact
{
    /// <summary>
    /// Every input gives the same row (or the same rejection) as before: the change is outside the fingerprint
    /// (monitor thresholds, descriptions), so a trained model keeps working unchanged.
    /// </summary>
    Compatible,

    /// <summary>
    /// Some input gives another row, another rejection or another column layout than before: a model trained on the
    /// older rows sees inputs it was not trained on, or loses ones it was.
    /// </summary>
    Breaking,
}

/// <summary>The aspect of a contract or feature that a <see cref="ContractChange"/> concerns.</summary>
public enum ChangeAspect
{
    /// <summary>A feature exists only in the newer contract.</summary>
    FeatureAdded,

    /// <summary>A feature exists only in the older contract.</summary>
    FeatureRemoved,

    /// <summary>A feature kept by both contracts sits at another position among the kept features.</summary>
    Position,

    /// <summary>The feature's kind (numeric, categorical, boolean).</summary>
    Kind,

    /// <summary>The value source the feature reads, by name.</summary>
    Source,

    /// <summary>The input fields a source of the same name reads, or what their absence is declared to mean.</summary>
    Inputs,

    /// <summary>The missing-value rule.</summary>
    MissingRule,

    /// <summary>The fill value, or the default where the source declares absence, under the same rule.</summary>
    FillValue,

    /// <summary>The name of the missing-indicator column.</summary>
    Indicator,

    /// <summary>The max age beyond which a value counts as missing.</summary>
    MaxAge,

    /// <summary>The bounds of a numeric range (a cap is a clamped range without a lower bound).</summary>
    Range,

    /// <summary>What a numeric feature does outside its range: reject the row or clamp.</summary>
    RangeAction,

    /// <summary>A vocabulary code that exists in one version only.</summary>
    Vocabulary,

    /// <summary>The slot order of the codes both vocabularies hold.</summary>
    VocabularyOrder,

    /// <summary>The unseen-category policy: reject, or the bucket unseen codes map to.</summary>
    Unseen,

    /// <summary>The feature's monitor thresholds.</summary>
    Monitors,

    /// <summary>A human description of the contract or of a feature.</summary>
    Description,
}

/// <summary>One difference between two versions of a contract, with its impact on a model trained on the older rows.</summary>
/// <param name="Feature">The feature concerned; <see langword="null"/> for the contract itself (its description).</param>
/// <param name="Aspect">What changed.</param>
/// <param name="Impact">Breaking or compatible for the model that consumes the rows.</param>
/// <param name="Old">The older declaration of the aspect, as text (<c>none</c> when absent).</param>
/// <param name="New">The newer declaration of the aspect, as text (<c>none</c> when absent).</param>
/// <param name="Reason">Why the change has that impact, in a sentence.</param>
public sealed record ContractChange(string? Feature, ChangeAspect Aspect, ChangeImpact Impact, string Old, string New, string Reason)
{
    /// <summary>Whether the change breaks a model trained on the older rows.</summary>
    public bool IsBreaking => Impact == ChangeImpact.Breaking;
}
