using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace FeatureContracts.Contracts;

/// <summary>The kinds of mistake a contract definition can contain.</summary>
public enum ContractProblemCode
{
    /// <summary>The contract's name is empty or not a valid identifier.</summary>
    InvalidContractName,

    /// <summary>The contract's version is not positive.</summary>
    InvalidVersion,

    /// <summary>The contract declares no feature.</summary>
    NoFeatures,

    /// <summary>A feature's name is empty or not a lower snake_case identifier.</summary>
    InvalidFeatureName,

    /// <summary>Two features (or a feature and an indicator column) share a name.</summary>
    DuplicateFeatureName,

    /// <summary>A feature declares no value source.</summary>
    MissingValueSource,

    /// <summary>A feature reads an outcome-only field.</summary>
    OutcomeFieldAsInput,

    /// <summary>A feature declares no missing-value rule.</summary>
    MissingRuleNotDeclared,

    /// <summary>
    /// A feature declares more than one missing-value rule, range or unseen policy, declares its monitors twice, or
    /// sets one monitor threshold twice.
    /// </summary>
    PolicyDeclaredTwice,

    /// <summary>A categorical feature's vocabulary is empty.</summary>
    EmptyVocabulary,

    /// <summary>A categorical feature's vocabulary lists a code twice.</summary>
    DuplicateVocabularyEntry,

    /// <summary>A vocabulary entry or bucket is empty or blank.</summary>
    InvalidCategory,

    /// <summary>A categorical feature declares no unseen-category policy.</summary>
    UnseenPolicyNotDeclared,

    /// <summary>The unseen bucket is also a vocabulary entry.</summary>
    UnseenBucketInVocabulary,

    /// <summary>A numeric feature declares no allowed range.</summary>
    RangeNotDeclared,

    /// <summary>A range bound is NaN.</summary>
    NaNBound,

    /// <summary>A range's minimum is greater than its maximum.</summary>
    MinGreaterThanMax,

    /// <summary>A fill or default value is not finite, outside the range, or outside the vocabulary.</summary>
    InvalidFillValue,

    /// <summary>A max age is zero or negative.</summary>
    NonPositiveMaxAge,

    /// <summary>
    /// A default-where-absence-is-declared rule names a value that no input of the source declares as the
    /// meaning of absence.
    /// </summary>
    AbsenceNotDeclaredBySource,

    /// <summary>A vector layout names a feature the contract does not have.</summary>
    UnknownFeature,

    /// <summary>A feature that can be missing in a row has no declared slot value in the vector layout.</summary>
    ImputationNotDeclared,

    /// <summary>A slot value is declared for a feature that never needs one, or is not finite.</summary>
    InvalidImputation,

    /// <summary>A contract file is not well-formed JSON (the message gives line and byte position), or an object repeats a property.</summary>
    InvalidJson,

    /// <summary>A value in a contract file has the wrong JSON type, e.g. a number where a string is expected.</summary>
    WrongJsonType,

    /// <summary>A contract file lacks a property it requires, e.g. a feature's <c>kind</c>.</summary>
    MissingProperty,

    /// <summary>A contract file has a property that does not belong where it stands, e.g. a vocabulary on a numeric feature.</summary>
    UnknownProperty,

    /// <summary>
    /// A value in a contract file has the right JSON type but is not allowed: an unknown kind, rule or action, a
    /// malformed duration, a number beyond the range of a double.
    /// </summary>
    InvalidValue,

    /// <summary>A contract file names a value source that the catalog it is read with does not hold.</summary>
    UnknownSource,

    /// <summary>A contract file gives a feature a value source that yields another kind of value.</summary>
    SourceKindMismatch,

    /// <summary>A monitor's rate limit (null, unseen, out-of-range or parity-mismatch rate) is NaN or outside [0, 1].</summary>
    InvalidMonitorRate,

    /// <summary>A feature's drift bands are not 0 ≤ warn &lt; fail.</summary>
    InvalidDriftBands,

    /// <summary>A monitor's freshness-lag limit is zero or negative.</summary>
    NonPositiveFreshnessLag,

    /// <summary>A null-rate monitor's action is neither fail closed nor fall back.</summary>
    InvalidNullRateAction,

    /// <summary>A monitor threshold does not apply to the feature's kind: an unseen rate on a non-categorical feature, an out-of-range rate on a non-numeric one.</summary>
    MonitorNotApplicable,
}

/// <summary>One problem in a contract definition, with the feature it concerns.</summary>
/// <param name="Feature">The feature's name, or <see langword="null"/> for a problem of the whole contract.</param>
/// <param name="Code">The kind of problem.</param>
/// <param name="Message">What is wrong, in a sentence.</param>
public sealed record ContractProblem(string? Feature, ContractProblemCode Code, string Message)
{
    /// <summary>
    /// Where the problem lies in a contract file, as a JSON path such as <c>$.features[2].range</c>;
    /// <see langword="null"/> for a contract defined in code.
    /// </summary>
    public string? Path { get; init; }

    /// <inheritdoc />
    public override string ToString()
    {
        string text = Feature is null ? $"{Code}: {Message}" : $"'{Feature}': {Code}: {Message}";
        return Path is null ? text : $"{Path}: {text}";
    }
}

/// <summary>
/// Where in a contract file a problem reported by the builder lies, below its feature (e.g. <c>monitors.max_null_rate</c>),
/// for problems whose code alone does not say. Kept beside the problems, by reference, so that <see cref="ContractProblem"/>'s
/// equality and shape stay as they are.
/// </summary>
internal static class ProblemDeclarations
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ContractProblem, string> Properties = new();

    public static ContractProblem At(ContractProblem problem, string property)
    {
        Properties.AddOrUpdate(problem, property);
        return problem;
    }

    public static string? PropertyOf(ContractProblem problem) => Properties.TryGetValue(problem, out string? property) ? property : null;
}

/// <summary>
/// Thrown when a contract definition is built with mistakes. It lists every problem at once, each with the
/// feature it concerns.
/// </summary>
public sealed class ContractDefinitionException : Exception
{
    /// <summary>Creates the exception for a list of problems.</summary>
    public ContractDefinitionException(string contractName, IEnumerable<ContractProblem> problems)
        : this(contractName, [.. problems])
    {
    }

    /// <summary>Creates an exception without problems; prefer the constructor that takes problems.</summary>
    public ContractDefinitionException()
        : this("(unnamed)", ImmutableArray<ContractProblem>.Empty)
    {
    }

    /// <summary>Creates an exception with a message only; prefer the constructor that takes problems.</summary>
    public ContractDefinitionException(string message)
        : base(message)
    {
        ContractName = "(unnamed)";
        Problems = ImmutableArray<ContractProblem>.Empty;
    }

    /// <summary>Creates an exception with a message and inner exception; prefer the constructor that takes problems.</summary>
    public ContractDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        ContractName = "(unnamed)";
        Problems = ImmutableArray<ContractProblem>.Empty;
    }

    private ContractDefinitionException(string contractName, ImmutableArray<ContractProblem> problems)
        : base(FormatMessage(contractName, problems))
    {
        ContractName = contractName;
        Problems = problems;
    }

    /// <summary>The name of the contract that failed to build.</summary>
    public string ContractName { get; }

    /// <summary>Every problem found, in declaration order.</summary>
    public ImmutableArray<ContractProblem> Problems { get; }

    private static string FormatMessage(string contractName, ImmutableArray<ContractProblem> problems)
        => $"Contract '{contractName}' has {problems.Length} problem(s):"
            + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p));
}
