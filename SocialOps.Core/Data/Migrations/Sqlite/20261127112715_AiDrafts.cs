using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AiDrafts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "LatencyMs",
                table: "AiGenerationUsages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "AiDrafts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PostId = table.Column<int>(type: "INTEGER", nullable: true),
                    Platform = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Brief = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Tone = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 70000, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AiDrafts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AiDrafts_Posts_PostId",
                        column: x => x.PostId,
                        principalTable: "Posts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "AiModelPrices",
                columns: table => new
                {
                    Model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    InputPerMillionUsd = table.Column<double>(type: "REAL", precision: 18, scale: 6, nullable: false),
                    OutputPerMillionUsd = table.Column<double>(type: "REAL", precision: 18, scale: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AiModelPrices", x => x.Model);
                });

            migrationBuilder.CreateTable(
                name: "AiSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    BaseUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ProtectedApiKey = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    TimeoutSeconds = table.Column<int>(type: "INTEGER", nullable: true),
                    MonthlyBudgetUsd = table.Column<double>(type: "REAL", precision: 18, scale: 6, nullable: true),
                    Voice = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    WordsToUse = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    WordsToAvoid = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Hashtags = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AiSettings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AiGenerationUsages_UserId_At",
                table: "AiGenerationUsages",
                columns: new[] { "UserId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AiDrafts_PostId",
                table: "AiDrafts",
                column: "PostId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AiDrafts");

            migrationBuilder.DropTable(
                name: "AiModelPrices");

            migrationBuilder.DropTable(
                name: "AiSettings");

            migrationBuilder.DropIndex(
                name: "IX_AiGenerationUsages_UserId_At",
                table: "AiGenerationUsages");

            migrationBuilder.DropColumn(
                name: "LatencyMs",
                table: "AiGenerationUsages");
        }
    }
}
