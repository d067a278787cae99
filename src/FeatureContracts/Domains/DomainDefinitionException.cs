using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace FeatureContracts.Domains;

/// <summary>
/// A domain's event schema or key layout is wrong. Thrown when the schema or domain is built, listing every
/// problem at once.
/// </summary>
public sealed class DomainDefinitionException : Exception
{
    /// <summary>Creates the exception for <paramref name="what"/> with every problem found.</summary>
    public DomainDefinitionException(string what, IEnumerable<string> problems)
        : this(what, [.. problems ?? throw new ArgumentNullException(nameof(problems))])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DomainDefinitionException()
        : this("domain", ImmutableArray<string>.Empty)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DomainDefinitionException(string message)
        : base(message)
    {
        Problems = [message];
    }

    /// <summary>Creates the exception with a message and the exception behind it.</summary>
    public DomainDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    private DomainDefinitionException(string what, ImmutableArray<string> problems)
        : base($"{what} is invalid ({problems.Length} problem{(problems.Length == 1 ? string.Empty : "s")}):" + string.Concat(problems.Select(p => "\n  - " + p)))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, one sentence each.</summary>
    public ImmutableArray<string> Problems { get; }
}
