namespace FeatureContracts.Monitoring;

/// <summary>What operations should do when a monitor check fails.</summary>
public enum MonitorAction
{
    /// <summary>Nothing: the check passed.</summary>
    None,

    /// <summary>Stop scoring: answer "not scored" rather than score rows built from broken inputs.</summary>
    FailClosed,

    /// <summary>Keep serving, but from the fallback (a rule, a previous model) rather than this model.</summary>
    FallBack,

    /// <summary>The world has new categories: collect labels for them and retrain with a new vocabulary.</summary>
    CollectLabelsAndRetrain,

    /// <summary>Inputs are too stale to trust for evaluation: hold back promoting any model trained or judged on them.</summary>
    PauseModelPromotions,

    /// <summary>Serving and training compute the feature differently: repair the feature path before trusting scores.</summary>
    RepairFeaturePath,

    /// <summary>The distribution moved: investigate the cause and retrain if it is real.</summary>
    InvestigateAndRetrain,

    /// <summary>The source sends values outside the declared range: investigate the source.</summary>
    InvestigateSource,
}

/// <summary>The kinds of monitor check.</summary>
public enum MonitorCheck
{
    /// <summary>The share of rows without a known value.</summary>
    NullRate,

    /// <summary>The share of rows with a category outside the vocabulary.</summary>
    UnseenRate,

    /// <summary>The share of rows with a number outside the allowed range (clamped, rejected, or not finite).</summary>
    OutOfRangeRate,

    /// <summary>The 95th percentile of the freshness lag.</summary>
    Freshness,

    /// <summary>How far the serving distribution moved from the training distribution.</summary>
    Drift,

    /// <summary>The share of rows where serving and a recomputation disagree.</summary>
    Parity,
}

/// <summary>The outcome of a check, a feature or a whole monitor. Ordered: a worse verdict is greater.</summary>
public enum Verdict
{
    /// <summary>Within limits (or too little data to say otherwise).</summary>
    Pass,

    /// <summary>Past a warning band, not yet failing.</summary>
    Warn,

    /// <summary>Past a declared limit.</summary>
    Fail,
}
