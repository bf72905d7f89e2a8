using System.Reflection;
using Microsoft.EntityFrameworkCore;
using SocialOps.Core.Data;
using SocialOps.Web.Components;

namespace SocialOps.Tests.Components;

/// <summary>
/// Pages, components and API handlers reach data only through Core's services: none of them holds, takes or creates a
/// database context. Read from the compiled Web assembly, so lambdas, async methods and locals count too.
/// </summary>
public sealed class WebDataAccessTests
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void NoComponentOrApiTouchesTheDatabaseContext()
    {
        var offenders = typeof(LiveUpdates).Assembly.GetTypes()
            .Where(t => InScope(Outermost(t)))
            .SelectMany(t => UsedTypes(t).Where(MentionsContext).Select(_ => Outermost(t).FullName))
            .Distinct().Order().ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void TheCheckRecognisesAContextHeldTakenOrCreated()
    {
        Assert.Contains(UsedTypes(typeof(HoldsAFactory)), MentionsContext);
        Assert.Contains(UsedTypes(typeof(TakesAFactory)), MentionsContext);
        Assert.Contains(UsedTypes(typeof(CreatesAContext)), MentionsContext);
        Assert.DoesNotContain(UsedTypes(typeof(Refusals)), MentionsContext);
    }

    private static bool InScope(Type type) =>
        type.Namespace is { } ns && (ns == "SocialOps.Web.Apis" || ns.StartsWith("SocialOps.Web.Components", StringComparison.Ordinal));

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;

    private static IEnumerable<Type> UsedTypes(Type type)
    {
        foreach (var field in type.GetFields(Everything))
        {
            yield return field.FieldType;
        }

        foreach (var property in type.GetProperties(Everything))
        {
            yield return property.PropertyType;
        }

        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            foreach (var parameter in method.GetParameters())
            {
                yield return parameter.ParameterType;
            }

            if (method is MethodInfo info)
            {
                yield return info.ReturnType;
            }

            foreach (var local in method.GetMethodBody()?.LocalVariables ?? [])
            {
                yield return local.LocalType;
            }
        }
    }

    private static bool MentionsContext(Type type) =>
        type == typeof(SocialOpsDbContext) || typeof(DbContext).IsAssignableFrom(type)
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDbContextFactory<>))
        || (type.HasElementType && MentionsContext(type.GetElementType()!))
        || (type.IsGenericType && type.GetGenericArguments().Any(MentionsContext));

    private sealed class HoldsAFactory(IDbContextFactory<SocialOpsDbContext> contexts)
    {
        public IDbContextFactory<SocialOpsDbContext> Contexts { get; } = contexts;
    }

    private static class TakesAFactory
    {
        public static Task<bool> AnyAsync(IDbContextFactory<SocialOpsDbContext> contexts) => Task.FromResult(contexts is not null);
    }

    private static class CreatesAContext
    {
        public static int Count(IServiceProvider services)
        {
            using var db = ((IDbContextFactory<SocialOpsDbContext>)services.GetService(typeof(IDbContextFactory<SocialOpsDbContext>))!).CreateDbContext();
            return db.ChangeTracker.Entries().Count();
        }
    }
}
