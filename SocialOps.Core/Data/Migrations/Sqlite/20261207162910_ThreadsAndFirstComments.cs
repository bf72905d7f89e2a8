using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SocialOps.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ThreadsAndFirstComments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "InReplyTo",
                table: "SandboxPublications",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExternalCid",
                table: "Posts",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirstComment",
                table: "Posts",
                type: "TEXT",
                maxLength: 70000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirstCommentError",
                table: "Posts",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirstCommentExternalId",
                table: "Posts",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FirstCommentState",
                table: "Posts",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PostParts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PostId = table.Column<int>(type: "INTEGER", nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 70000, nullable: false),
                    MediaReferences = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ExternalUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ExternalCid = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ConfirmedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PostParts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PostParts_Posts_PostId",
                        column: x => x.PostId,
                        principalTable: "Posts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PostParts_ExternalId",
                table: "PostParts",
                column: "ExternalId");

            migrationBuilder.CreateIndex(
                name: "IX_PostParts_PostId_Index",
                table: "PostParts",
                columns: new[] { "PostId", "Index" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PostParts");

            migrationBuilder.DropColumn(
                name: "InReplyTo",
                table: "SandboxPublications");

            migrationBuilder.DropColumn(
                name: "ExternalCid",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "FirstComment",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "FirstCommentError",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "FirstCommentExternalId",
                table: "Posts");

            migrationBuilder.DropColumn(
                name: "FirstCommentState",
                table: "Posts");
        }
    }
}
