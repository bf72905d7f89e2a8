// What nearly every feature of Core uses: EF Core and its one context, options, invariant formatting, the shared kernel.
global using System.Globalization;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.Options;
global using SocialOps.Core.Common;
global using SocialOps.Core.Data;
