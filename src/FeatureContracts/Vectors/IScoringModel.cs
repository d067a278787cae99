using System;

namespace FeatureContracts.Vectors;

/// <summary>
/// A model that scores a contract's vectors (as laid out by <see cref="FeatureVectorizer"/>). It states the contract
/// fingerprint it was trained on, so a scorer can refuse to pair it with rows of another contract.
/// </summary>
public interface IScoringModel
{
    /// <summary>The model's identity, e.g. its name and the digest of its parameters.</summary>
    string ModelId { get; }

    /// <summary>The fingerprint of the contract whose vectors the model was trained on.</summary>
    string ContractFingerprint { get; }

    /// <summary>The vector length the model expects.</summary>
    int InputLength { get; }

    /// <summary>Scores one vector; for a classifier, the probability of the positive class.</summary>
    /// <exception cref="ArgumentException">The vector's length is not <see cref="InputLength"/>.</exception>
    double Score(ReadOnlySpan<double> vector);
}
