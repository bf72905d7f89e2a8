using System.Linq.Expressions;

namespace SocialOps.Core.Common;

public static class Queries
{
    /// <summary>Narrows the query by <paramref name="predicate"/> only when <paramref name="condition"/> holds (a filter that was given).</summary>
    public static IQueryable<T> WhereIf<T>(this IQueryable<T> query, bool condition, Expression<Func<T, bool>> predicate) =>
        condition ? query.Where(predicate) : query;
}
