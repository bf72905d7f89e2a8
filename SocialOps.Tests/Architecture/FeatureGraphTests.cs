using System.Reflection;
using System.Reflection.Emit;
using SocialOps.Core.Common;

namespace SocialOps.Tests.Architecture;

/// <summary>
/// Core's features (its top-level namespaces) depend on each other in one direction only: read from the compiled code,
/// signatures and method bodies alike. Data, which holds the one context every feature maps its entities into, and the
/// composition root are left out; Common is the shared kernel every feature may use.
/// </summary>
public sealed class FeatureGraphTests
{
    private static readonly Assembly Core = typeof(Actor).Assembly;

    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value, o => o.OperandType);

    [Fact]
    public void TopLevelFeaturesDependOnEachOtherWithoutACycle()
    {
        var edges = Edges();

        var cycles = Cycles(edges.Keys);

        Assert.True(cycles.Count == 0, "Features in a cycle: " + string.Join("; ", cycles.Select(c =>
            string.Join(" → ", c) + " (" + string.Join(", ", Pairs(c).Where(edges.ContainsKey).Select(p => $"{p.From}→{p.To}: {edges[p]}")) + ")")));
        Assert.Contains(("Scheduling", "Content"), edges.Keys); // the reading sees the features at all
    }

    [Fact]
    public void TheSharedKernelDependsOnNoFeature()
    {
        Assert.DoesNotContain(Edges().Keys, e => e.From == "Common");
    }

    [Fact]
    public void DataMapsTheFeaturesEntitiesButCallsNoSchedulingCode()
    {
        var calls = Types("Data").SelectMany(t => Methods(t).SelectMany(m => Called(m).Select(c => (Method: m, Called: c))))
            .Where(x => Feature(x.Called.DeclaringType) == "Scheduling" && x.Called is not ConstructorInfo && !IsEntityMember(x.Called))
            .Select(x => $"{x.Method.DeclaringType!.Name}.{x.Method.Name} calls {x.Called.DeclaringType!.Name}.{x.Called.Name}").Distinct().ToList();

        Assert.Empty(calls);
    }

    [Fact]
    public void TheCycleFinderFindsACycleWhereThereIsOne()
    {
        var cycles = Cycles([("A", "B"), ("B", "C"), ("C", "A"), ("C", "D")]);

        Assert.Equal(["A", "B", "C"], Assert.Single(cycles).Order());
        Assert.Empty(Cycles([("A", "B"), ("B", "C"), ("A", "C")]));
    }

    /// <summary>Feature → feature, with one example of the types that make the edge.</summary>
    private static Dictionary<(string From, string To), string> Edges()
    {
        var edges = new Dictionary<(string, string), string>();
        foreach (var type in Core.GetTypes())
        {
            var from = Feature(type);
            if (from is null or "Data")
            {
                continue;
            }

            foreach (var used in Uses(type))
            {
                var to = Feature(used);
                if (to is not null && to != from && to != "Data")
                {
                    edges.TryAdd((from, to), $"{Name(type)} uses {Name(used)}");
                }
            }
        }

        return edges;
    }

    /// <summary>The top-level feature of a type of Core (nested and compiler-made types belong to their outer type's); null outside them.</summary>
    private static string? Feature(Type? type)
    {
        while (type?.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        if (type?.Assembly != Core || type.Namespace is not { } ns || !ns.StartsWith("SocialOps.Core.", StringComparison.Ordinal))
        {
            return null;
        }

        return ns["SocialOps.Core.".Length..].Split('.')[0];
    }

    private static IEnumerable<Type> Types(string feature) => Core.GetTypes().Where(t => Feature(t) == feature);

    private static string Name(Type t) => t.DeclaringType is null ? t.Name : $"{Name(t.DeclaringType)}+{t.Name}";

    private static IEnumerable<MethodBase> Methods(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly).Cast<MethodBase>()
            .Concat(type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly));

    private static bool IsEntityMember(MemberInfo member) => member is MethodInfo { IsSpecialName: true } m && (m.Name.StartsWith("get_", StringComparison.Ordinal) || m.Name.StartsWith("set_", StringComparison.Ordinal));

    /// <summary>Every type a type's signatures and method bodies name.</summary>
    private static IEnumerable<Type> Uses(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var used = new List<Type>();
        if (type.BaseType is { } b)
        {
            used.Add(b);
        }

        used.AddRange(type.GetInterfaces());
        used.AddRange(type.GetFields(all).Select(f => f.FieldType));
        used.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        foreach (var method in Methods(type))
        {
            used.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                used.Add(info.ReturnType);
            }

            used.AddRange(Called(method).Select(m => m.DeclaringType).OfType<Type>());
            used.AddRange(Tokens(method).OfType<Type>());
        }

        return used.SelectMany(Expand).Distinct();
    }

    private static IEnumerable<Type> Expand(Type t)
    {
        if (t.HasElementType)
        {
            foreach (var e in Expand(t.GetElementType()!))
            {
                yield return e;
            }

            yield break;
        }

        yield return t;
        if (t.IsGenericType)
        {
            foreach (var a in t.GetGenericArguments().Where(a => !a.IsGenericParameter).SelectMany(Expand))
            {
                yield return a;
            }
        }
    }

    private static IEnumerable<MemberInfo> Called(MethodBase method) => Tokens(method).OfType<MemberInfo>().Where(m => m is MethodBase or FieldInfo);

    /// <summary>The members and types a method body names, read from its IL.</summary>
    private static IEnumerable<MemberInfo> Tokens(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            short code = il[i++];
            if (code == 0xFE)
            {
                code = (short)(0xFE00 | il[i++]);
            }

            var operand = Operands.GetValueOrDefault(code, OperandType.InlineNone);
            if (operand is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                var token = BitConverter.ToInt32(il, i);
                MemberInfo? member = null;
                try
                {
                    member = method.Module.ResolveMember(token, typeArgs, methodArgs);
                }
                catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or MissingMemberException)
                {
                    // A token of a generic context this reading does not reconstruct: nothing of ours is lost by skipping it.
                }

                if (member is not null)
                {
                    yield return member;
                }
            }

            i += operand switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
        }
    }

    /// <summary>Each cycle of the graph (a strongly connected group of two or more), its members in order.</summary>
    private static List<List<string>> Cycles(IEnumerable<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var nodes = next.Keys.Concat(next.Values.SelectMany(v => v)).Distinct().Order().ToList();
        var (index, low, onStack, stack, found) = (new Dictionary<string, int>(), new Dictionary<string, int>(), new HashSet<string>(), new Stack<string>(), new List<List<string>>());

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in next.GetValueOrDefault(v, []))
            {
                if (!index.TryGetValue(w, out var seen))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], seen);
                }
            }

            if (low[v] == index[v])
            {
                var group = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    group.Add(w);
                }
                while (w != v);

                if (group.Count > 1)
                {
                    found.Add([.. group.Order()]);
                }
            }
        }

        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }

        return found;
    }

    private static IEnumerable<(string From, string To)> Pairs(List<string> cycle) =>
        cycle.SelectMany(a => cycle.Where(b => b != a).Select(b => (a, b)));
}
