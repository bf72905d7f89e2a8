using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CommentInstants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ReceivedAt",
                table: "SentimentResults",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Existing analyses take their comment's instant.
            migrationBuilder.Sql("""
                UPDATE "SentimentResults"
                SET "ReceivedAt" = (SELECT i."ReceivedAt" FROM "Interactions" AS i WHERE i."Id" = "SentimentResults"."InteractionId");
                """);

            migrationBuilder.CreateIndex(
                name: "IX_SentimentResults_ReceivedAt_Label_Score",
                table: "SentimentResults",
                columns: new[] { "ReceivedAt", "Label", "Score" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SentimentResults_ReceivedAt_Label_Score",
                table: "SentimentResults");

            migrationBuilder.DropColumn(
                name: "ReceivedAt",
                table: "SentimentResults");
        }
    }
}
