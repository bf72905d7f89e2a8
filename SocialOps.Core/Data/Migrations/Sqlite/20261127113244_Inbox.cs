using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Inbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "HandledNote",
                table: "SentimentResults",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssignedToId",
                table: "Interactions",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "InboxReplies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InteractionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 70000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SentById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboxReplies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InboxReplies_Interactions_InteractionId",
                        column: x => x.InteractionId,
                        principalTable: "Interactions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InboxViews",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Filter = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboxViews", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SandboxReplies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InteractionId = table.Column<long>(type: "INTEGER", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 70000, nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxReplies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SentimentCorrections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InteractionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    PreviousLabel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    PreviousIntent = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Label = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Intent = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SentimentCorrections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SentimentCorrections_Interactions_InteractionId",
                        column: x => x.InteractionId,
                        principalTable: "Interactions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Interactions_AssignedToId",
                table: "Interactions",
                column: "AssignedToId");

            migrationBuilder.CreateIndex(
                name: "IX_InboxReplies_InteractionId_Key",
                table: "InboxReplies",
                columns: new[] { "InteractionId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InboxViews_UserId_Name",
                table: "InboxViews",
                columns: new[] { "UserId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SandboxReplies_IdempotencyKey",
                table: "SandboxReplies",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SandboxReplies_SentAt",
                table: "SandboxReplies",
                column: "SentAt");

            migrationBuilder.CreateIndex(
                name: "IX_SentimentCorrections_At",
                table: "SentimentCorrections",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_SentimentCorrections_InteractionId",
                table: "SentimentCorrections",
                column: "InteractionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InboxReplies");

            migrationBuilder.DropTable(
                name: "InboxViews");

            migrationBuilder.DropTable(
                name: "SandboxReplies");

            migrationBuilder.DropTable(
                name: "SentimentCorrections");

            migrationBuilder.DropIndex(
                name: "IX_Interactions_AssignedToId",
                table: "Interactions");

            migrationBuilder.DropColumn(
                name: "HandledNote",
                table: "SentimentResults");

            migrationBuilder.DropColumn(
                name: "AssignedToId",
                table: "Interactions");
        }
    }
}
