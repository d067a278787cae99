using System;
using System.IO;

namespace FeatureContracts.Testing;

/// <summary>
/// Finds the source tree from a test run, for files kept beside the tests (golden rows). Build paths are mapped in CI
/// builds (<c>ContinuousIntegrationBuild</c>), so a caller's file path does not lead there; the test binaries do.
/// </summary>
public static class SourceTree
{
    /// <summary>The nearest folder above the test binaries that holds <paramref name="marker"/> (a solution file, say).</summary>
    /// <param name="marker">A file name at the root of the source tree, e.g. <c>MySolution.sln</c>.</param>
    /// <exception cref="DirectoryNotFoundException">No folder above the test binaries holds it.</exception>
    public static string Root(string marker)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(marker);
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, marker)))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds {marker}.");
    }
}
