using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using SocialOps.Core.Ai;
using SocialOps.Core.Analytics;
using SocialOps.Core.Audit;
using SocialOps.Core.Content;
using SocialOps.Core.Identity;
using SocialOps.Core.Inbox;
using SocialOps.Core.Publishing;
using SocialOps.Core.Publishing.Sandbox;
using SocialOps.Core.Scheduling;
using SocialOps.Core.Sentiment;
using SocialOps.Core.Sentiment.Analysis;

namespace SocialOps.Core.Data;

/// <summary>
/// The one context of SocialOps. Each provider has a thin subclass only so that its migrations
/// can live beside the other's (EF keys a migration set by context type).
/// </summary>
public abstract class SocialOpsDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<PlatformAccount> PlatformAccounts => Set<PlatformAccount>();
    public DbSet<Post> Posts => Set<Post>();
    public DbSet<Schedule> Schedules => Set<Schedule>();
    public DbSet<PublishAttempt> PublishAttempts => Set<PublishAttempt>();
    public DbSet<PostPart> PostParts => Set<PostPart>();
    public DbSet<Interaction> Interactions => Set<Interaction>();
    public DbSet<SentimentResult> SentimentResults => Set<SentimentResult>();
    public DbSet<PostMetricSnapshot> PostMetricSnapshots => Set<PostMetricSnapshot>();
    public DbSet<FollowerSnapshot> FollowerSnapshots => Set<FollowerSnapshot>();
    public DbSet<PostMetricTotal> PostMetricTotals => Set<PostMetricTotal>();
    public DbSet<PostMetricDay> PostMetricDays => Set<PostMetricDay>();
    public DbSet<AccountMetricDay> AccountMetricDays => Set<AccountMetricDay>();
    public DbSet<Analytics.RoiSettings> RoiSettings => Set<Analytics.RoiSettings>();
    public DbSet<Analytics.Wall.KioskKey> KioskKeys => Set<Analytics.Wall.KioskKey>();
    public DbSet<Analytics.Wall.WallSettings> WallSettings => Set<Analytics.Wall.WallSettings>();
    public DbSet<AiGenerationUsage> AiGenerationUsages => Set<AiGenerationUsage>();
    public DbSet<Ai.AiSettings> AiSettings => Set<Ai.AiSettings>();
    public DbSet<Ai.AiModelPrice> AiModelPrices => Set<Ai.AiModelPrice>();
    public DbSet<Ai.AiDraft> AiDrafts => Set<Ai.AiDraft>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<SandboxPublication> SandboxPublications => Set<SandboxPublication>();
    public DbSet<SchedulerHeartbeat> SchedulerHeartbeats => Set<SchedulerHeartbeat>();
    public DbSet<ReplyTemplate> ReplyTemplates => Set<ReplyTemplate>();
    public DbSet<SetupMarker> SetupMarkers => Set<SetupMarker>();
    public DbSet<IntentKeywordSet> IntentKeywordSets => Set<IntentKeywordSet>();
    public DbSet<InboxReply> InboxReplies => Set<InboxReply>();
    public DbSet<SentimentCorrection> SentimentCorrections => Set<SentimentCorrection>();
    public DbSet<InboxView> InboxViews => Set<InboxView>();
    public DbSet<SandboxReply> SandboxReplies => Set<SandboxReply>();
    public DbSet<SandboxFailurePlan> SandboxFailurePlans => Set<SandboxFailurePlan>();
    public DbSet<Workflow.ImportReceipt> ImportReceipts => Set<Workflow.ImportReceipt>();
    public DbSet<Notifications.NotificationChannel> NotificationChannels => Set<Notifications.NotificationChannel>();
    public DbSet<Notifications.NotificationDelivery> NotificationDeliveries => Set<Notifications.NotificationDelivery>();
    public DbSet<Notifications.UserNotification> UserNotifications => Set<Notifications.UserNotification>();
    public DbSet<Notifications.UserNotificationPreference> UserNotificationPreferences => Set<Notifications.UserNotificationPreference>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(SocialOpsDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in SQL, and safe when members are added.
        // Priority stays a number because queries sort by it.
        foreach (var enumType in typeof(SocialOpsDbContext).Assembly.GetTypes()
                     .Where(t => t.IsEnum && t.IsPublic && t != typeof(ResponsePriority)))
        {
            configurationBuilder.Properties(enumType).HaveConversion<string>().HaveMaxLength(32);
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var detecting = BeforeSave();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var detecting = BeforeSave();
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }

    /// <summary>
    /// Detects the changes once for the whole save (every <c>Entries()</c> call and the save itself would otherwise each
    /// compare every tracked entity again), checks the append-only audit and bumps the version of every changed post.
    /// Returns whether automatic detection was on, to be restored after the save.
    /// </summary>
    private bool BeforeSave()
    {
        var detecting = ChangeTracker.AutoDetectChangesEnabled;
        if (detecting)
        {
            ChangeTracker.DetectChanges();
        }

        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
            {
                throw new InvalidOperationException("Audit entries are append-only.");
            }

            foreach (var entry in ChangeTracker.Entries<Post>().Where(e => e.State == EntityState.Modified))
            {
                // Through the entry, so the change is seen without another detection pass.
                entry.Property<long>(nameof(Post.Version)).CurrentValue++;
            }
        }
        catch
        {
            ChangeTracker.AutoDetectChangesEnabled = detecting;
            throw;
        }

        return detecting;
    }
}
