namespace SocialOps.Web.Hosting;

/// <summary>A verb's own words: a sub-command and <c>--name value</c> options.</summary>
public sealed class VerbArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);

    public VerbArguments(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                Positional.Add(arg);
                continue;
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                _options[arg[2..eq]] = arg[(eq + 1)..];
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                _options[arg[2..]] = args[++i];
            }
            else
            {
                _options[arg[2..]] = "true";
            }
        }
    }

    public List<string> Positional { get; } = [];

    public string? this[string name] => _options.GetValueOrDefault(name);
}
