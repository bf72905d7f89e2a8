using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace SocialOps.Web.Hosting;

internal static class SettingsFile
{
    /// <summary>
    /// Reads appsettings.json from beside the binary (where the build puts the repository's one copy),
    /// whatever the working directory, keeping its place below environment variables and arguments.
    /// </summary>
    public static void UseSettingsFileBesideBinary(this ConfigurationManager configuration)
    {
        IList<IConfigurationSource> sources = configuration.Sources;
        var index = sources.ToList().FindIndex(s => s is JsonConfigurationSource { Path: "appsettings.json" });
        var source = new JsonConfigurationSource
        {
            Path = "appsettings.json",
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            Optional = true,
            ReloadOnChange = false,
        };
        if (index >= 0)
        {
            sources[index] = source;
        }
        else
        {
            sources.Insert(0, source);
        }
    }
}
