// Index and foreign key names spelled with the connection's table prefix
// (`DB::getTablePrefix().'posts_user_id_foreign'`), run by every real Laravel with a prefixed
// connection: the translation reads them with the project's prefix, as Laravel does.
import { requireOracle } from '../../support/laravel';
import { laravelVersions, skipWithoutLaravel } from '../../support/laravelVersions';
import { assertExact, type History, laravelRunner } from './laravelRun';

const prefixedNames: History = {
  '2020_01_01_000001_create_posts_table': `Schema::create('users', function (Blueprint $t) { $t->id(); });
Schema::create('posts', function (Blueprint $t) {
    $t->id();
    $t->unsignedBigInteger('user_id');
    $t->string('title', 100)->index();
    $t->string('slug', 100);
    $t->foreign('user_id')->references('id')->on('users');
});`,
  '2020_01_01_000002_rename_posts_keys': `Schema::table('posts', function (Blueprint $t) {
    $t->dropForeign(DB::getTablePrefix().'posts_user_id_foreign');
    $t->dropIndex(DB::getTablePrefix() . 'posts_title_index');
    $t->foreign('user_id', \\DB::connection()->getTablePrefix().'posts_author_fk')->references('id')->on('users');
    $t->unique('slug', DB::getTablePrefix() . "posts_slug_uq");
});`,
  '2020_01_01_000003_rename_posts_slug_index': `Schema::table('posts', function (Blueprint $t) {
    $t->renameIndex(Schema::getConnection()->getTablePrefix().'posts_slug_uq', 'posts_slug');
    $t->index(['title', 'slug'], name: DB::getTablePrefix().'posts_title_slug');
});`,
};

for (const version of laravelVersions) {
  describe(`translate: names built from DB::getTablePrefix(), on Laravel ${version}`, function () {
    this.timeout(180_000);
    before(async function () {
      await requireOracle();
      skipWithoutLaravel(this, version);
    });

    it('dropForeign(), dropIndex(), foreign(), unique(), renameIndex() and index() with the prefix wp_', () => assertExact(laravelRunner(version, 'mysql', 'wp_'), prefixedNames));
    it('the same names without a prefix', () => assertExact(laravelRunner(version), prefixedNames));
    // BookStack's and snipe-it's `$prefix = DB::getTablePrefix()` in raw SQL: concatenated or interpolated, it is the connection's.
    for (const prefix of ['wp_', '']) {
      it(`raw ALTER TABLE of one column on a table named with DB::getTablePrefix(), prefix '${prefix}'`, () => assertExact(laravelRunner(version, 'mysql', prefix), {
        ...prefixedNames,
        '2020_01_01_000004_raw_alter': `DB::statement('ALTER TABLE ' . DB::getTablePrefix() . 'posts MODIFY slug VARCHAR(60) NULL');
$prefix = DB::getTablePrefix();
DB::statement("ALTER TABLE \`{$prefix}posts\` ADD views INT NOT NULL DEFAULT 0 AFTER title");
DB::statement('ALTER TABLE ' . DB::connection()->getTablePrefix() . 'users ENGINE = InnoDB');`,
      }));
    }
  });
}
