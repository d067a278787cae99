using System;
using System.IO;

namespace FeatureContracts.Export.IO;

/// <summary>
/// The three files of one export — rows at <c>{out}</c>, rejects at <c>{out}.rejects.jsonl</c>, manifest at
/// <c>{out}.manifest.json</c> — written as temporary files and committed as one unit: the manifest names the length
/// and SHA-256 of the other two, and <see cref="Commit"/> first removes the manifest already there, then renames the
/// rows and the rejects into place, and the new manifest last. At every instant the folder holds either a manifest
/// whose files match it (the old set before the commit, the new one after) or no manifest at all, which says the set
/// is incomplete; a process killed anywhere never leaves a complete-looking but wrong set. (Should a crash of the
/// machine reorder the renames, the digests still tell: <see cref="ExportVerifier"/> finds the mismatch.)
/// </summary>
internal sealed class ExportFiles : IDisposable
{
    private ExportFiles(AtomicFile rows, AtomicFile rejects, AtomicFile manifest)
    {
        Rows = rows;
        Rejects = rejects;
        Manifest = manifest;
    }

    /// <summary>The rows file.</summary>
    public AtomicFile Rows { get; }

    /// <summary>The rejects file.</summary>
    public AtomicFile Rejects { get; }

    /// <summary>The manifest, committed last.</summary>
    public AtomicFile Manifest { get; }

    /// <summary>The rejects file of the export whose rows are <paramref name="outputPath"/>.</summary>
    public static string RejectsPath(string outputPath) => outputPath + ".rejects.jsonl";

    /// <summary>The manifest of the export whose rows are <paramref name="outputPath"/>.</summary>
    public static string ManifestPath(string outputPath) => outputPath + ".manifest.json";

    /// <summary>
    /// Starts the three files, before any work: a path that is a folder, or a folder that cannot be created or
    /// written, fails here. Temporary files of earlier runs of the same paths that were killed are removed.
    /// </summary>
    public static ExportFiles Create(string outputPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        AtomicFile? rows = null;
        AtomicFile? rejects = null;
        try
        {
            rows = AtomicFile.Create(outputPath);
            rejects = AtomicFile.Create(RejectsPath(outputPath));
            var files = new ExportFiles(rows, rejects, AtomicFile.Create(ManifestPath(outputPath)));
            rows = rejects = null;
            return files;
        }
        finally
        {
            rows?.Dispose();
            rejects?.Dispose();
        }
    }

    /// <summary>
    /// Makes the set appear: removes the old manifest, renames the rows and the rejects, and the manifest last. The
    /// rows and rejects must be sealed (their digests are in the manifest) and the manifest written.
    /// </summary>
    public void Commit()
    {
        Manifest.Seal();
        if (File.Exists(Manifest.Path))
        {
            File.Delete(Manifest.Path);
        }

        Rows.Commit();
        Rejects.Commit();
        Manifest.Commit();
    }

    /// <summary>
    /// A failure of writing one of the files as a one-line exception naming that file's path;
    /// <see langword="null"/> when it is about none of them.
    /// </summary>
    public IOException? Explain(Exception e) => Rows.Explain(e) ?? Rejects.Explain(e) ?? Manifest.Explain(e);

    /// <summary>Removes whatever was not committed.</summary>
    public void Dispose()
    {
        Rows.Dispose();
        Rejects.Dispose();
        Manifest.Dispose();
    }
}
