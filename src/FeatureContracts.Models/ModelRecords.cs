namespace FeatureContracts.Models;

/// <summary>The contract a model was trained on.</summary>
/// <param name="Name">The contract's name.</param>
/// <param name="Version">The contract's version.</param>
/// <param name="Fingerprint">The contract's fingerprint (SHA-256 of its canonical declaration, lower-case hex).</param>
public sealed record ModelContract(string Name, int Version, string Fingerprint);

/// <summary>
/// One input slot of a logistic-regression model: the slot's name (as <see cref="Vectors.VectorSlot.Name"/>), the
/// standardization the trainer computed for it and its weight on the standardized value. The slot contributes
/// <c>Weight * (x - Mean) / Scale</c> to the logit.
/// </summary>
/// <param name="Name">The slot's name, e.g. <c>carrier=northline</c>.</param>
/// <param name="Mean">The slot's mean over the training rows; subtracted before scaling.</param>
/// <param name="Scale">The slot's standard deviation over the training rows (1 for a constant slot); positive.</param>
/// <param name="Weight">The weight of the standardized value.</param>
public sealed record ModelSlot(string Name, double Mean, double Scale, double Weight);

/// <summary>How a model was trained.</summary>
/// <param name="Rows">The number of training rows.</param>
/// <param name="PositiveRows">The number of rows labelled positive (late).</param>
/// <param name="Epochs">The number of full-batch gradient steps.</param>
/// <param name="LearningRate">The step size.</param>
/// <param name="L2">The L2 penalty on the weights (not on the intercept).</param>
/// <param name="FinalLoss">The regularized mean log loss on the training rows after the last step.</param>
/// <param name="DataSnapshot">The export's snapshot instant (from its manifest), when given.</param>
/// <param name="DataSha256">The SHA-256 of the training file (lower-case hex), when trained from a file or given.</param>
public sealed record TrainingMetadata(
    long Rows,
    long PositiveRows,
    int Epochs,
    double LearningRate,
    double L2,
    double FinalLoss,
    string? DataSnapshot,
    string? DataSha256);
