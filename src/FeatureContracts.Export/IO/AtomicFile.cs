using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace FeatureContracts.Export.IO;

/// <summary>
/// A file that appears under its final name only once it is complete: written to a temporary file in the same
/// folder, flushed to disk, then renamed over the target. A killed process leaves at most a temporary file whose
/// name says it is incomplete (<c>.{name}.{owner}.{id}.incomplete</c>, <see cref="RunOwner"/>), never a file that
/// looks complete; the next <see cref="Create"/> of the same name removes such files of owners that no longer run.
/// Every other way out (an exception, a cancellation, a failing flush) removes the temporary file.
/// </summary>
internal sealed class AtomicFile : IDisposable
{
    private const string Suffix = ".incomplete";

    private readonly FileStream _stream;
    private FileDigest? _sealed;
    private bool _committed;

    private AtomicFile(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(Path))
        {
            throw new IOException($"Cannot write {Path}: it is a folder.");
        }

        string folder = System.IO.Path.GetDirectoryName(Path)!;
        if (File.Exists(folder))
        {
            throw new IOException($"Cannot write {Path}: {folder} is a file, not a folder.");
        }

        TemporaryPath = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(Path)}.{RunOwner.Current}.{Guid.NewGuid():N}{Suffix}");
        try
        {
            Directory.CreateDirectory(folder);
            RemoveStale(Path);

            // FileShare.None also takes an advisory lock (flock on Unix) for as long as the file is open, which tells
            // any other process that a writer holds it.
            _stream = new FileStream(TemporaryPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write {Path}: {Cause(e, TemporaryPath)}.", e);
        }
    }

    /// <summary>The final path.</summary>
    public string Path { get; }

    /// <summary>The temporary path written until <see cref="Commit"/>.</summary>
    public string TemporaryPath { get; }

    /// <summary>The stream to write the content to.</summary>
    public Stream Stream => _stream;

    /// <summary>Starts writing <paramref name="path"/>.</summary>
    /// <exception cref="IOException"><paramref name="path"/> is a folder, or its folder cannot be created or written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder may not be written.</exception>
    public static AtomicFile Create(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new AtomicFile(path);
    }

    /// <summary>
    /// Flushes the content to disk and returns its length and SHA-256, read back from the file; nothing may be written
    /// after. The file keeps its temporary name until <see cref="Commit"/>.
    /// </summary>
    public FileDigest Seal()
    {
        if (Flushed() is { } done)
        {
            return done;
        }

        return Sealed(SHA256.HashData(_stream));
    }

    /// <inheritdoc cref="Seal"/>
    public async Task<FileDigest> SealAsync(CancellationToken cancellationToken)
    {
        if (Flushed() is { } done)
        {
            return done;
        }

        return Sealed(await SHA256.HashDataAsync(_stream, cancellationToken).ConfigureAwait(false));
    }

    private FileDigest? Flushed()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        if (_sealed is null)
        {
            _stream.Flush(flushToDisk: true);
            _stream.Position = 0;
        }

        return _sealed;
    }

    private FileDigest Sealed(byte[] hash) => _sealed = new FileDigest(System.IO.Path.GetFileName(Path), _stream.Length, Convert.ToHexStringLower(hash));

    /// <summary>Seals the content (when not yet done) and renames it to <see cref="Path"/>, replacing any file there.</summary>
    public void Commit()
    {
        Seal();
        _stream.Dispose();
        File.Move(TemporaryPath, Path, overwrite: true);
        _committed = true;
    }

    /// <summary>Deletes the temporary file if the content was not committed, whatever state the stream is in.</summary>
    public void Dispose()
    {
        if (_committed)
        {
            return;
        }

        try
        {
            // Disposing flushes what is still buffered; when that is what failed (a full disk), it fails again, but the
            // handle is closed all the same.
            _stream.Dispose();
        }
        catch (IOException)
        {
        }

        try
        {
            File.Delete(TemporaryPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the name says the file is incomplete, and the next run of the same name removes it.
        }
    }

    /// <summary>
    /// The failure <paramref name="e"/> of writing this file as a one-line exception that names <see cref="Path"/>;
    /// <see langword="null"/> when it is not about this file.
    /// </summary>
    public IOException? Explain(Exception e)
        => e is IOException or UnauthorizedAccessException && e.Message.Contains(TemporaryPath, StringComparison.Ordinal)
            ? new IOException($"Cannot write {Path}: {Cause(e, TemporaryPath)}.", e)
            : null;

    /// <summary>
    /// What went wrong, without the path the operating system's message names (a temporary file's, which the caller
    /// replaces by the path that means something to the user).
    /// </summary>
    internal static string Cause(Exception e, string path)
    {
        if (e is UnauthorizedAccessException)
        {
            return "permission denied";
        }

        string message = e.Message.TrimEnd('.');
        string suffix = $" : '{path}'";
        return message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
    }

    /// <summary>
    /// The temporary files of <paramref name="path"/> left by writers that no longer run (killed before they could
    /// remove them).
    /// </summary>
    public static IEnumerable<string> Leftovers(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        string folder = System.IO.Path.GetDirectoryName(full)!;
        string prefix = "." + System.IO.Path.GetFileName(full) + ".";
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (string file in Directory.EnumerateFiles(folder, prefix + "*" + Suffix))
        {
            string name = System.IO.Path.GetFileName(file);
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(Suffix, StringComparison.Ordinal))
            {
                continue;
            }

            // {owner}.{id}: another name's temporary (rows.csv.rejects.jsonl's, seen from rows.csv) has more dots.
            string middle = name[prefix.Length..^Suffix.Length];
            string[] parts = middle.Split('.');
            if (parts.Length == 2 && RunOwner.IsOwnerText(parts[0]) && !RunOwner.MayBeRunning(parts[0]) && !Locked(file))
            {
                yield return file;
            }
        }
    }

    /// <summary>Removes <see cref="Leftovers"/> of <paramref name="path"/>; returns how many bytes they held.</summary>
    public static long RemoveStale(string path)
    {
        long bytes = 0;
        foreach (string file in Leftovers(path).ToList())
        {
            try
            {
                long length = new FileInfo(file).Length;
                File.Delete(file);
                bytes += length;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another run removed it first, or it may not be removed: it is left for later.
            }
        }

        return bytes;
    }

    /// <summary>Whether some process holds the advisory lock of <paramref name="path"/> (a writer still has it open).</summary>
    internal static bool Locked(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 1);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
