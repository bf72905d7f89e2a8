using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SocialOps.Core.Workflow;

/// <summary>
/// An import done under an idempotency key: who sent it, the key, a hash of what was sent and the answer given. Written
/// in the same transaction as the imported posts, and unique per owner and key, so a retried import (a timeout, a
/// second click, a second instance) schedules nothing twice and gets the first answer back.
/// </summary>
public class ImportReceipt
{
    public const int MaxKeyLength = 200;

    /// <summary>How long a key is remembered; after that the same key counts as new.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public long Id { get; set; }

    /// <summary>The user (or, for an actor without a user, the actor's name) the key belongs to.</summary>
    public required string Owner { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 of the file and the date format it was read with, as hex.</summary>
    public required string RequestHash { get; set; }

    /// <summary>The answer: how many posts were scheduled.</summary>
    public int Scheduled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public static string OwnerOf(Actor actor) => actor.UserId ?? "name:" + actor.Name;

    public static string HashOf(ReadOnlySpan<byte> file, string? dateFormat)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(file);
        hash.AppendData([0]);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(dateFormat?.Trim() ?? ""));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

internal sealed class ImportReceiptConfiguration : IEntityTypeConfiguration<ImportReceipt>
{
    public void Configure(EntityTypeBuilder<ImportReceipt> b)
    {
        b.Property(r => r.Owner).HasMaxLength(450);
        b.Property(r => r.Key).HasMaxLength(ImportReceipt.MaxKeyLength);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.HasIndex(r => new { r.Owner, r.Key }).IsUnique();
        b.HasIndex(r => r.CreatedAt);
    }
}
