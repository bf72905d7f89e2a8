using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InboxQueueOnInteraction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "HandledAt",
                table: "Interactions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HandledById",
                table: "Interactions",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HandledNote",
                table: "Interactions",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Priority",
                table: "Interactions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "State",
                table: "Interactions",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Open");

            migrationBuilder.CreateIndex(
                name: "IX_Interactions_State_Priority_ReceivedAt_Id",
                table: "Interactions",
                columns: new[] { "State", "Priority", "ReceivedAt", "Id" });

            // What the team did, and the reading's priority, move onto the item; an item never read stays open and low.
            migrationBuilder.Sql("""
                UPDATE "Interactions" SET
                    "State" = COALESCE((SELECT s."HandledState" FROM "SentimentResults" s WHERE s."InteractionId" = "Interactions"."Id"), 'Open'),
                    "Priority" = COALESCE((SELECT s."Priority" FROM "SentimentResults" s WHERE s."InteractionId" = "Interactions"."Id"), 0),
                    "HandledAt" = (SELECT s."HandledAt" FROM "SentimentResults" s WHERE s."InteractionId" = "Interactions"."Id"),
                    "HandledById" = (SELECT s."HandledById" FROM "SentimentResults" s WHERE s."InteractionId" = "Interactions"."Id"),
                    "HandledNote" = (SELECT s."HandledNote" FROM "SentimentResults" s WHERE s."InteractionId" = "Interactions"."Id")
                """);

            migrationBuilder.DropIndex(
                name: "IX_SentimentResults_HandledState_Priority",
                table: "SentimentResults");

            migrationBuilder.DropColumn(
                name: "HandledAt",
                table: "SentimentResults");

            migrationBuilder.DropColumn(
                name: "HandledById",
                table: "SentimentResults");

            migrationBuilder.DropColumn(
                name: "HandledNote",
                table: "SentimentResults");

            migrationBuilder.DropColumn(
                name: "HandledState",
                table: "SentimentResults");

            migrationBuilder.DropColumn(
                name: "Priority",
                table: "SentimentResults");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "HandledAt",
                table: "SentimentResults",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HandledById",
                table: "SentimentResults",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HandledNote",
                table: "SentimentResults",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HandledState",
                table: "SentimentResults",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Open");

            migrationBuilder.AddColumn<int>(
                name: "Priority",
                table: "SentimentResults",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_SentimentResults_HandledState_Priority",
                table: "SentimentResults",
                columns: new[] { "HandledState", "Priority" });

            migrationBuilder.Sql("""
                UPDATE "SentimentResults" SET
                    "HandledState" = (SELECT i."State" FROM "Interactions" i WHERE i."Id" = "SentimentResults"."InteractionId"),
                    "Priority" = (SELECT i."Priority" FROM "Interactions" i WHERE i."Id" = "SentimentResults"."InteractionId"),
                    "HandledAt" = (SELECT i."HandledAt" FROM "Interactions" i WHERE i."Id" = "SentimentResults"."InteractionId"),
                    "HandledById" = (SELECT i."HandledById" FROM "Interactions" i WHERE i."Id" = "SentimentResults"."InteractionId"),
                    "HandledNote" = (SELECT i."HandledNote" FROM "Interactions" i WHERE i."Id" = "SentimentResults"."InteractionId")
                """);

            migrationBuilder.DropIndex(
                name: "IX_Interactions_State_Priority_ReceivedAt_Id",
                table: "Interactions");

            migrationBuilder.DropColumn(
                name: "HandledAt",
                table: "Interactions");

            migrationBuilder.DropColumn(
                name: "HandledById",
                table: "Interactions");

            migrationBuilder.DropColumn(
                name: "HandledNote",
                table: "Interactions");

            migrationBuilder.DropColumn(
                name: "Priority",
                table: "Interactions");

            migrationBuilder.DropColumn(
                name: "State",
                table: "Interactions");
        }
    }
}
